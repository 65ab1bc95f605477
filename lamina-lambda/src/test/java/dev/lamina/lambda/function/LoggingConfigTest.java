package dev.lamina.lambda.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lamina.core.AwsException;
import org.junit.jupiter.api.Test;

class LoggingConfigTest {

    @Test
    void textIsTheDefaultAndTheGroupIsTheFunctions() {
        assertEquals("Text", LoggingConfig.DEFAULT.logFormat());
        assertEquals("/aws/lambda/orders", LoggingConfig.DEFAULT.groupFor("orders"));
        assertEquals(
                "/shared/app",
                LoggingConfig.DEFAULT.with(null, null, null, "/shared/app").groupFor("orders"));
    }

    @Test
    void jsonWithoutLevelsTakesInfoAndKeepsLevelsAcrossUpdates() {
        LoggingConfig json = LoggingConfig.DEFAULT.with("JSON", null, null, null);
        assertEquals(new LoggingConfig("JSON", "INFO", "INFO", null), json);
        LoggingConfig debug = json.with(null, "DEBUG", null, null);
        assertEquals(new LoggingConfig("JSON", "DEBUG", "INFO", null), debug);
        assertEquals(new LoggingConfig("JSON", "DEBUG", "WARN", "/g"), debug.with(null, null, "WARN", "/g"));
        assertEquals(new LoggingConfig("Text", null, null, "/g"), debug.with("Text", null, null, "/g"));
    }

    @Test
    void levelsWithTextAndValuesOutsideTheirSetsAreRefused() {
        AwsException text =
                assertThrows(AwsException.class, () -> LoggingConfig.DEFAULT.with(null, "DEBUG", null, null));
        assertEquals("InvalidParameterValueException", text.code());
        assertTrue(text.getMessage().startsWith("LogLevel is not supported when LogFormat is set to \"Text\"."));
        assertThrows(AwsException.class, () -> LoggingConfig.DEFAULT.with("XML", null, null, null));
        assertThrows(AwsException.class, () -> LoggingConfig.DEFAULT.with("JSON", "LOUD", null, null));
        assertThrows(AwsException.class, () -> LoggingConfig.DEFAULT.with("JSON", null, "TRACE", null));
        assertThrows(AwsException.class, () -> LoggingConfig.DEFAULT.with(null, null, null, "bad group!"));
    }
}
