package dev.lamina.sqs.api;

import dev.lamina.sqs.queue.SqsErrors;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Queue URLs: {@code <the node's API base>/<account>/<queue name>}, the base being what
 * {@code PublicUrls.api} gives for the caller's Host (decision 25), so a URL works as returned from the
 * client that got it. A URL is read back by its path alone: another client may reach the node by
 * another name.
 */
final class QueueUrls {
    private QueueUrls() {}

    static String url(String apiBase, String account, String name) {
        return apiBase + "/" + account + "/" + name;
    }

    /**
     * The queue name a URL names; throws {@code QueueDoesNotExist} when it names no queue of
     * {@code account} (another account, another path, not a URL).
     */
    static String name(String url, String account) {
        if (url == null || url.isEmpty()) {
            throw SqsErrors.missingParameter("QueueUrl");
        }
        String path;
        try {
            path = new URI(url).getRawPath();
        } catch (URISyntaxException e) {
            throw SqsErrors.queueDoesNotExist();
        }
        String expected = "/" + account + "/";
        if (path == null || !path.startsWith(expected) || path.length() == expected.length()) {
            throw SqsErrors.queueDoesNotExist();
        }
        String name = path.substring(expected.length());
        if (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.indexOf('/') >= 0) {
            throw SqsErrors.queueDoesNotExist();
        }
        return name;
    }
}
