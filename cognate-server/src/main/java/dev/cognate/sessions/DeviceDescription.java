package dev.cognate.sessions;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A session's DeviceType as Cognito words it, "Chrome 125 / macOS 15.0": the browser (or app)
 * and the operating system a User-Agent names, each when recognized; {@code unknown} when
 * neither is. Only the common browsers and systems are told apart; an SDK or app is named by
 * its first product token. Versions are read to six digits: the header is the client's to fill.
 */
public final class DeviceDescription {
    public static final String UNKNOWN = "unknown";

    private record Rule(Pattern pattern, String name) {}

    // Order matters: Edge and Opera say Chrome too, Chrome says Safari too.
    private static final List<Rule> BROWSERS = List.of(
            new Rule(Pattern.compile("Edg(?:e|A|iOS)?/(\\d{1,6})"), "Edge"),
            new Rule(Pattern.compile("OPR/(\\d{1,6})"), "Opera"),
            new Rule(Pattern.compile("Firefox/(\\d{1,6})"), "Firefox"),
            new Rule(Pattern.compile("FxiOS/(\\d{1,6})"), "Firefox"),
            new Rule(Pattern.compile("CriOS/(\\d{1,6})"), "Chrome"),
            new Rule(Pattern.compile("(?:Chrome|Chromium)/(\\d{1,6})"), "Chrome"),
            new Rule(Pattern.compile("Version/(\\d{1,6}(?:\\.\\d{1,6})?).*Safari/"), "Safari"));
    private static final List<Rule> SYSTEMS = List.of(
            new Rule(Pattern.compile("Windows NT 10\\.0"), "Windows 10"),
            new Rule(Pattern.compile("Windows NT (\\d{1,6}\\.\\d{1,6})"), "Windows"),
            new Rule(Pattern.compile("(?:iPhone|iPad|iPod).*? OS (\\d{1,6}(?:_\\d{1,6})?)"), "iOS"),
            new Rule(Pattern.compile("Mac OS X (\\d{1,6}(?:[_.]\\d{1,6})?)"), "macOS"),
            new Rule(Pattern.compile("Android (\\d{1,6}(?:\\.\\d{1,6})?)"), "Android"),
            new Rule(Pattern.compile("CrOS"), "ChromeOS"),
            new Rule(Pattern.compile("Linux"), "Linux"));
    private static final Pattern PRODUCT = Pattern.compile("^([A-Za-z][\\w.-]{0,63})/(\\d{1,6}(?:\\.\\d{1,6})?)");

    private DeviceDescription() {}

    public static String of(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return UNKNOWN;
        }
        String browser = first(BROWSERS, userAgent);
        String system = first(SYSTEMS, userAgent);
        if (browser == null) {
            Matcher product = PRODUCT.matcher(userAgent);
            browser = product.find() && !product.group(1).equals("Mozilla") ? product.group(1) + " " + product.group(2) : null;
        }
        if (browser == null && system == null) {
            return UNKNOWN;
        }
        return browser == null ? system : system == null ? browser : browser + " / " + system;
    }

    private static String first(List<Rule> rules, String userAgent) {
        for (Rule rule : rules) {
            Matcher m = rule.pattern().matcher(userAgent);
            if (m.find()) {
                return m.groupCount() == 0 || rule.name().equals("Windows 10") ? rule.name()
                        : rule.name() + " " + m.group(1).replace('_', '.');
            }
        }
        return null;
    }
}
