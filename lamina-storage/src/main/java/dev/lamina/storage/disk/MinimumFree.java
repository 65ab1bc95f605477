package dev.lamina.storage.disk;

import java.util.Locale;

/**
 * How much free space the data directory's filesystem must keep: an absolute size, a share of the
 * filesystem, or the smaller of both. The default, the smaller of 1 GiB and 5%, suits a laptop's disk
 * (1 GiB) and a small volume (5% of 8 GiB is 410 MiB) alike.
 *
 * @param bytes the size to keep free ({@link Long#MAX_VALUE}: only the share counts)
 * @param percent the share of the filesystem to keep free, 0 to 100 (100: only the size counts)
 */
public record MinimumFree(long bytes, int percent) {
    private static final long GIB = 1L << 30;

    public static final MinimumFree DEFAULT = new MinimumFree(GIB, 5);

    public MinimumFree {
        if (bytes < 0 || percent < 0 || percent > 100) {
            throw new IllegalArgumentException("a minimum free space needs bytes >= 0 and 0 <= percent <= 100");
        }
    }

    /** The bytes to keep free on a filesystem of {@code totalBytes}. */
    public long bytesFor(long totalBytes) {
        return Math.min(bytes, totalBytes / 100 * percent + totalBytes % 100 * percent / 100);
    }

    /**
     * Parses a size ({@code 512M}, {@code 2G}, {@code 1048576}; K, M, G, T are powers of 1024) or a
     * share ({@code 5%}).
     *
     * @throws IllegalArgumentException with a message fit for the operator
     */
    public static MinimumFree parse(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        try {
            if (t.endsWith("%")) {
                return new MinimumFree(Long.MAX_VALUE, Integer.parseInt(t.substring(0, t.length() - 1)));
            }
            String unit = "KMGT";
            int shift = 0;
            String digits = t.endsWith("B") ? t.substring(0, t.length() - 1) : t;
            int u = digits.isEmpty() ? -1 : unit.indexOf(digits.charAt(digits.length() - 1));
            if (u >= 0) {
                shift = 10 * (u + 1);
                digits = digits.substring(0, digits.length() - 1);
            }
            long value = Long.parseLong(digits);
            if (value > (Long.MAX_VALUE >> shift)) {
                throw new IllegalArgumentException("minimum free space too large: " + text);
            }
            return new MinimumFree(value << shift, 100);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "a minimum free space is a size (e.g. 512M, 2G) or a share of the disk (e.g. 5%): " + text);
        }
    }

    @Override
    public String toString() {
        if (bytes == Long.MAX_VALUE) {
            return percent + "%";
        }
        return percent == 100 ? bytes + " bytes" : "the smaller of " + bytes + " bytes and " + percent + "%";
    }
}
