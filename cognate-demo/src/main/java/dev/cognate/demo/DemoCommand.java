package dev.cognate.demo;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code demo}: starts the dev IdP, Cognate and the demo app, configures them as the seed does, and runs until Ctrl-C. */
@Command(name = "demo", mixinStandardHelpOptions = true, version = "Cognate demo 0.1.0",
        description = {"Run the seed's Entra ID -> Cognate -> app sign-in on one machine: an Entra ID stand-in (the dev IdP),",
                "Cognate on an embedded SQLite store, and a small app, configured through their public APIs."})
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address the three servers listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--devidp-port", defaultValue = "" + DemoSettings.DEVIDP_PORT,
            description = "Port of the dev IdP (default ${DEFAULT-VALUE}; 0: any free port).")
    int devIdpPort;

    @Option(names = "--cognate-port", defaultValue = "" + DemoSettings.COGNATE_PORT,
            description = "Port of Cognate (default ${DEFAULT-VALUE}; 0: any free port).")
    int cognatePort;

    @Option(names = "--app-port", defaultValue = "" + DemoSettings.APP_PORT,
            description = "Port of the demo app (default ${DEFAULT-VALUE}; 0: any free port).")
    int appPort;

    @Option(names = "--data", defaultValue = "./data/demo",
            description = "Cognate's data directory for the demo (default ${DEFAULT-VALUE}); a second run reuses its pool.")
    Path data;

    @Option(names = "--reset", description = "Delete the demo's data directory first: a new pool, client and admin key.")
    boolean reset;

    @Override
    public Integer call() throws Exception {
        Demo demo;
        try {
            demo = Demo.start(new DemoSettings(host, devIdpPort, cognatePort, appPort, data, reset));
        } catch (RuntimeException e) {
            System.err.println("demo: could not start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            demo.close();
            System.out.println("Demo stopped.");
            System.out.flush();
            stopped.countDown();
        }, "demo-shutdown"));
        demo.showOutbox(System.out);
        DemoSummary.print(demo, DemoDirectory.config(), System.out);
        stopped.await();
        return 0;
    }
}
