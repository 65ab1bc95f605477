package dev.lamina.console;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may see what of the console, decided per request before any page or API call runs: the
 * sign-in page, its script and style are open to all; everything else needs a live session, whose id
 * the {@value #COOKIE} cookie carries; and a request that changes something (any method but GET and
 * HEAD) must also carry the session's CSRF token in {@value #CSRF_HEADER} and, when it says where it
 * comes from, come from the console's own origin.
 *
 * <p>The sign-in itself ({@code POST /console/api/session}) has no session yet: it must come from the
 * console's origin and be JSON, which a page of another site cannot send here without a CORS
 * preflight the node never grants. Pure apart from {@link Sessions}: no socket, no clock of its own.
 */
public final class Gate {
    public static final String COOKIE = "lamina-console";
    public static final String CSRF_HEADER = "x-csrf-token";
    public static final String SIGN_IN_PAGE = "/console/signin";
    public static final String SESSION_API = "/console/api/session";
    static final Set<String> OPEN_ASSETS =
            Set.of("/console/assets/signin.js", "/console/assets/console.css", "/console/favicon.svg");

    /** What the gate decided. */
    public sealed interface Verdict {
        /** Served to anyone: the sign-in page and its assets, and the sign-in request. */
        record Open() implements Verdict {}

        /** Served to this session. */
        record Granted(Session session) implements Verdict {}

        /** A page asked without a session: the browser goes to the sign-in page. */
        record SignInFirst() implements Verdict {}

        /** An API call or asset asked without a session: 401, nothing else. */
        record Unauthorized() implements Verdict {}

        /** A change asked without proof that the console's own page asks it: 403. */
        record Refused(String reason) implements Verdict {}
    }

    /**
     * A request as the gate sees it.
     *
     * @param path the path without query
     * @param cookie the {@code Cookie} header, or {@code null}
     * @param csrfToken the {@value #CSRF_HEADER} header, or {@code null}
     * @param origin the {@code Origin} header, or {@code null}
     * @param host the {@code Host} header, or {@code null}
     * @param contentType the {@code Content-Type} header, or {@code null}
     */
    public record Ask(
            String method,
            String path,
            String cookie,
            String csrfToken,
            String origin,
            String host,
            String contentType) {}

    private final Sessions sessions;

    public Gate(Sessions sessions) {
        this.sessions = sessions;
    }

    public Verdict decide(Ask ask) {
        boolean changes = !ask.method().equals("GET") && !ask.method().equals("HEAD");
        if (changes && !sameOrigin(ask.origin(), ask.host())) {
            return new Verdict.Refused("The request comes from another site.");
        }
        if (!changes && (ask.path().equals(SIGN_IN_PAGE) || OPEN_ASSETS.contains(ask.path()))) {
            return new Verdict.Open();
        }
        if (ask.method().equals("POST") && ask.path().equals(SESSION_API)) {
            return isJson(ask.contentType())
                    ? new Verdict.Open()
                    : new Verdict.Refused("Sign in with the console's own page.");
        }
        var session = sessions.use(cookieValue(ask.cookie(), COOKIE));
        if (session.isEmpty()) {
            return changes
                            || ask.path().startsWith("/console/api/")
                            || ask.path().startsWith("/console/assets/")
                    ? new Verdict.Unauthorized()
                    : new Verdict.SignInFirst();
        }
        if (changes && !equal(ask.csrfToken(), session.get().csrfToken())) {
            return new Verdict.Refused("The request lacks the session's CSRF token.");
        }
        return new Verdict.Granted(session.get());
    }

    /** The value of cookie {@code name} in a {@code Cookie} header, or {@code null}. */
    static String cookieValue(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                return part.substring(eq + 1).trim();
            }
        }
        return null;
    }

    /** No {@code Origin} (a same-origin GET or an old client) passes; one must name the Host it was sent to. */
    static boolean sameOrigin(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            if (uri.getHost() == null) {
                return false;
            }
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).trim().startsWith("application/json");
    }

    private static boolean equal(String given, String expected) {
        return given != null
                && MessageDigest.isEqual(
                        given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }
}
