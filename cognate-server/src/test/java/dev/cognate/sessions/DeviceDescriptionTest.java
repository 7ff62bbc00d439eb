package dev.cognate.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** A session's DeviceType, worded as Cognito words it: "browser version / system version". */
class DeviceDescriptionTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 | Chrome 125 / macOS 10.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0 | Firefox 126 / Windows 10",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 | Safari 17.5 / iOS 17.5",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36 Edg/125.0.0.0 | Edge 125 / Windows 10",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36 | Chrome 125 / Android 14",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36 | Chrome 131 / Linux",
        "aws-sdk-java/2.58.0 md/io#sync md/http#UrlConnection ua/2.1 os/Linux | aws-sdk-java 2.58 / Linux",
        "aws-cli/2.27.0 md/awscrt#0.23.8 ua/2.1 | aws-cli 2.27",
    })
    void aUserAgentIsDescribedByItsBrowserAndSystem(String userAgent, String described) {
        assertThat(DeviceDescription.of(userAgent)).isEqualTo(described);
    }

    @Test
    void whatCannotBeReadIsUnknown() {
        assertThat(DeviceDescription.of(null)).isEqualTo("unknown");
        assertThat(DeviceDescription.of("  ")).isEqualTo("unknown");
        assertThat(DeviceDescription.of("???")).isEqualTo("unknown");
    }

    @Test
    void aHostileUserAgentGivesAShortDescription() {
        assertThat(DeviceDescription.of("x".repeat(10_000) + "/1")).isEqualTo("unknown");
        assertThat(DeviceDescription.of("a".repeat(200) + "/1.0 Firefox/" + "9".repeat(5000)).length()).isLessThan(1024);
    }
}
