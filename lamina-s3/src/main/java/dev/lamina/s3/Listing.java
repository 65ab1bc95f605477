package dev.lamina.s3;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of a bucket's listing, as S3 makes it: keys in order after a cursor, those with the prefix,
 * where a key that has the delimiter after the prefix rolls up into its common prefix (listed once,
 * counting as one entry against the page's size). Pure over a {@link Source} of rows.
 *
 * <p>Example: keys {@code a/1, a/2, b, c/1}, prefix {@code ""}, delimiter {@code /}, max 2: the page
 * is common prefix {@code a/} and key {@code b}, truncated, with the next cursor {@code b}; the next
 * page (after {@code b}) is common prefix {@code c/}. A common prefix that the cursor lies within
 * ({@code after = "a/"}, as a v1 {@code NextMarker} gives) is not listed again.
 */
public final class Listing {
    /** Sorts after every key that starts with a given prefix: U+10FFFF, the last code point. */
    static final String AFTER_ALL = new String(Character.toChars(Character.MAX_CODE_POINT));

    private static final int BATCH = 1000;

    private Listing() {}

    /** Rows of the bucket whose keys come after {@code after} and have the listing's prefix, in order. */
    @FunctionalInterface
    interface Source {
        List<StoredObject> after(String after, int limit);
    }

    /**
     * @param contents the objects listed
     * @param commonPrefixes the common prefixes listed, in order
     * @param truncated whether more entries follow
     * @param last the last entry listed (a key or a common prefix), or {@code null} when none was
     * @param cursor where the next page starts (after this), when truncated
     */
    public record Page(
            List<StoredObject> contents, List<String> commonPrefixes, boolean truncated, String last, String cursor) {
        public int count() {
            return contents.size() + commonPrefixes.size();
        }
    }

    /**
     * @param delimiter {@code null} or {@code ""} for none
     * @param after list only what sorts after this ({@code ""} for from the start)
     */
    static Page page(Source source, String prefix, String delimiter, String after, int maxKeys) {
        List<StoredObject> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        String cursor = after;
        String last = null;
        boolean rolls = delimiter != null && !delimiter.isEmpty();
        while (true) {
            List<StoredObject> batch = source.after(cursor, BATCH);
            if (batch.isEmpty()) {
                return new Page(contents, prefixes, false, last, cursor);
            }
            boolean skipped = false;
            for (StoredObject object : batch) {
                String commonPrefix = rolls ? commonPrefix(object.key(), prefix, delimiter) : null;
                if (commonPrefix != null && after.startsWith(commonPrefix)) {
                    cursor = commonPrefix + AFTER_ALL; // the cursor is inside it: it was listed before
                    skipped = true;
                    break;
                }
                if (contents.size() + prefixes.size() == maxKeys) {
                    return new Page(contents, prefixes, true, last, cursor);
                }
                if (commonPrefix != null) {
                    prefixes.add(commonPrefix);
                    last = commonPrefix;
                    cursor = commonPrefix + AFTER_ALL; // skip the rest of its keys in one query
                    skipped = true;
                    break;
                }
                contents.add(object);
                last = object.key();
                cursor = object.key();
            }
            if (!skipped && batch.size() < BATCH) {
                return new Page(contents, prefixes, false, last, cursor);
            }
            if (contents.size() + prefixes.size() == maxKeys) {
                boolean more = !source.after(cursor, 1).isEmpty();
                return new Page(contents, prefixes, more, last, cursor);
            }
        }
    }

    /** The key's common prefix: up to and including the first delimiter after the prefix, or {@code null}. */
    static String commonPrefix(String key, String prefix, String delimiter) {
        int at = key.indexOf(delimiter, prefix.length());
        return at < 0 ? null : key.substring(0, at + delimiter.length());
    }
}
