package dev.lamina.lambda.async;

import java.util.Objects;

/**
 * How a function version's asynchronous invocations are delivered (Put/UpdateFunctionEventInvokeConfig).
 * A member left unset is {@code null} and Lambda's default applies.
 *
 * @param qualifier the version or alias it applies to ({@code $LATEST} when a request names none)
 * @param maximumRetryAttempts retries after a function error, 0–2 (default 2)
 * @param maximumEventAgeInSeconds how long an event may wait to be run, 60–21600 (default 21600)
 * @param onSuccess the destination ARN for events that succeeded, or {@code null}
 * @param onFailure the destination ARN for events that failed or expired, or {@code null}
 * @param lastModified epoch milliseconds of the last change
 */
public record EventInvokeConfig(
        String functionName,
        String qualifier,
        Integer maximumRetryAttempts,
        Integer maximumEventAgeInSeconds,
        String onSuccess,
        String onFailure,
        long lastModified) {

    public static final int DEFAULT_RETRY_ATTEMPTS = 2;
    public static final int DEFAULT_EVENT_AGE_SECONDS = 21_600;

    public EventInvokeConfig {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(qualifier, "qualifier");
    }

    /** The defaults that apply to a function without a configuration. */
    public static EventInvokeConfig defaults(String functionName, String qualifier) {
        return new EventInvokeConfig(functionName, qualifier, null, null, null, null, 0);
    }

    public int retryAttempts() {
        return maximumRetryAttempts == null ? DEFAULT_RETRY_ATTEMPTS : maximumRetryAttempts;
    }

    public long maximumEventAgeMillis() {
        return 1000L * (maximumEventAgeInSeconds == null ? DEFAULT_EVENT_AGE_SECONDS : maximumEventAgeInSeconds);
    }
}
