package dev.lamina.s3.api;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * What a GET or HEAD's conditional headers make of an object, in the order HTTP (RFC 9110 §13.2.2)
 * and S3 evaluate them: {@code If-Match} (else {@code If-Unmodified-Since}) failing is 412;
 * {@code If-None-Match} (else {@code If-Modified-Since}) failing is 304. Dates compare to the second,
 * as {@code Last-Modified} says them; a date that does not parse is ignored, as S3 does.
 *
 * <p>Example: an object with ETag {@code "abc"} modified at 10:00:00.700; {@code If-None-Match: "abc"}
 * is 304; {@code If-Match: "xyz"} is 412; {@code If-Modified-Since} 10:00:00 is 304, 09:59:59 proceeds.
 */
enum Preconditions {
    PROCEED,
    NOT_MODIFIED,
    FAILED;

    static Preconditions evaluate(
            String quotedEtag,
            Instant lastModified,
            String ifMatch,
            String ifNoneMatch,
            String ifModifiedSince,
            String ifUnmodifiedSince) {
        Instant modified = lastModified.truncatedTo(ChronoUnit.SECONDS);
        if (ifMatch != null) {
            if (!matches(ifMatch, quotedEtag)) {
                return FAILED;
            }
        } else {
            Instant since = date(ifUnmodifiedSince);
            if (since != null && modified.isAfter(since)) {
                return FAILED;
            }
        }
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, quotedEtag)) {
                return NOT_MODIFIED;
            }
        } else {
            Instant since = date(ifModifiedSince);
            if (since != null && !modified.isAfter(since)) {
                return NOT_MODIFIED;
            }
        }
        return PROCEED;
    }

    /** Whether a list of entity tags ({@code *}, {@code "a", W/"b"}, or bare) names {@code quotedEtag}. */
    static boolean matches(String list, String quotedEtag) {
        for (String tag : list.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(quotedEtag) || ('"' + t + '"').equals(quotedEtag)) {
                return true;
            }
        }
        return false;
    }

    private static Instant date(String header) {
        if (header == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(header.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
