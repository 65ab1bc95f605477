package dev.lamina.lambda.function;

import dev.lamina.lambda.LambdaErrors;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A function's {@code LoggingConfig}: the format of its log lines ({@code Text}, Lambda's default, or
 * {@code JSON}), the levels below which the runtime and the platform drop lines (JSON only), and the
 * log group its streams go to ({@code null}: {@code /aws/lambda/<name>}).
 *
 * <p>As on Lambda, the levels are refused with the Text format, and switching to JSON without levels
 * sets both to {@code INFO}; switching back to Text clears them.
 */
public record LoggingConfig(String logFormat, String applicationLogLevel, String systemLogLevel, String logGroup) {
    public static final LoggingConfig DEFAULT = new LoggingConfig("Text", null, null, null);

    static final List<String> FORMATS = List.of("JSON", "Text");
    static final List<String> APPLICATION_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");
    static final List<String> SYSTEM_LEVELS = List.of("DEBUG", "INFO", "WARN");
    private static final Pattern GROUP = Pattern.compile("[.\\-_/#A-Za-z0-9]{1,512}");

    public LoggingConfig {
        logFormat = logFormat == null ? "Text" : logFormat;
    }

    /** Whether lines are JSON records. */
    public boolean json() {
        return logFormat.equals("JSON");
    }

    /** The group the function's streams go to. */
    public String groupFor(String functionName) {
        return logGroup != null ? logGroup : "/aws/lambda/" + functionName;
    }

    /**
     * This configuration with what a request set ({@code null}: unchanged), checked as Lambda checks it.
     *
     * @throws dev.lamina.core.AwsException InvalidParameterValueException for a value outside its set,
     *     or levels with the Text format
     */
    public LoggingConfig with(String format, String applicationLevel, String systemLevel, String group) {
        check("logFormat", format, FORMATS);
        check("applicationLogLevel", applicationLevel, APPLICATION_LEVELS);
        check("systemLogLevel", systemLevel, SYSTEM_LEVELS);
        if (group != null && !GROUP.matcher(group).matches()) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + group
                    + "' at 'loggingConfig.logGroup' failed to satisfy constraint: Member must satisfy regular"
                    + " expression pattern: [\\.\\-_/#A-Za-z0-9]+");
        }
        String f = format != null ? format : logFormat;
        if (!f.equals("JSON")) {
            if (applicationLevel != null || systemLevel != null) {
                throw LambdaErrors.invalidParameter("LogLevel is not supported when LogFormat is set to \"Text\"."
                        + " Remove LogLevel from your request or change the LogFormat to \"Json\" and try again.");
            }
            return new LoggingConfig(f, null, null, group != null ? group : logGroup);
        }
        String app = applicationLevel != null
                ? applicationLevel
                : applicationLogLevel != null ? applicationLogLevel : "INFO";
        String sys = systemLevel != null ? systemLevel : systemLogLevel != null ? systemLogLevel : "INFO";
        return new LoggingConfig(f, app, sys, group != null ? group : logGroup);
    }

    private static void check(String field, String value, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            throw LambdaErrors.invalidParameter("1 validation error detected: Value '" + value + "' at 'loggingConfig."
                    + field + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
    }
}
