package dev.cognate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What Linux's /proc says about a process and the machine: resident memory, CPU time, load. */
final class ProcStats {
    /** USER_HZ: the unit of /proc CPU times; 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {}

    /** A line of /proc/&lt;pid&gt;/status in kB, e.g. {@code VmRSS} (resident now) or {@code VmHWM} (peak). */
    static long statusKb(long pid, String field) {
        for (String line : read(Path.of("/proc", Long.toString(pid), "status")).split("\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
            }
        }
        throw new IllegalStateException("no " + field + " for process " + pid);
    }

    /** User + system CPU seconds the process used so far (all its threads). */
    static double cpuSeconds(long pid) {
        String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) may hold spaces; utime and stime are fields 14 and 15
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** Busy and total CPU seconds of the whole machine so far (all cores), from /proc/stat. */
    record MachineCpu(double busy, double total) {
        static MachineCpu now() {
            String[] f = read(Path.of("/proc/stat")).split("\n")[0].trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new MachineCpu((total - idle) / TICKS_PER_SECOND, total / TICKS_PER_SECOND);
        }
    }

    /** The 1-minute load average. */
    static double loadAverage() {
        return Double.parseDouble(read(Path.of("/proc/loadavg")).split(" ")[0]);
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
