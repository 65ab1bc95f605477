package dev.lamina.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The URLs a node hands out, and the way back from a request to the resource it names. */
class PublicUrlsTest {
    static final PublicUrls.Endpoint URLS = new PublicUrls.Endpoint("lambda-url", "/_lamina/url");
    static final String ID = "abcdefghijklmnopqrstuvwxyz012345";

    static PublicUrls plain(String listenHost) {
        return PublicUrls.of(Map.of(), listenHost, () -> 9701);
    }

    @Test
    void byDefaultAPathOnTheAddressTheCallerUsed() {
        PublicUrls urls = plain("127.0.0.1");
        assertEquals("http://127.0.0.1:9701/_lamina/url/" + ID + "/", urls.url(URLS, ID, "127.0.0.1:9701"));
        assertEquals("http://node.lan:9701/_lamina/url/" + ID + "/", urls.url(URLS, ID, "node.lan:9701"));
        assertEquals("http://[::1]:9701", urls.api("[::1]:9701"));
        assertEquals("http://localhost:9701", urls.api("localhost:9701"));
    }

    @Test
    void withoutAUsableHostTheListenAddressAndWildcardsAdvertiseLoopback() {
        assertEquals("http://10.0.0.5:9701", plain("10.0.0.5").api(null));
        assertEquals("http://127.0.0.1:9701", plain("0.0.0.0").api(null));
        assertEquals("http://[::1]:9701", plain("::").api(null));
        assertEquals("http://[fe80::1]:9701", plain("fe80::1").api(null));
        for (String odd : new String[] {"", "a b", "x/y", "evil.example@other", "h:port", "-x"}) {
            assertEquals("http://127.0.0.1:9701", plain("0.0.0.0").api(odd), odd);
        }
    }

    @Test
    void aHostTemplateNamesTheIdAsFirstLabelAndIsServedBack() {
        PublicUrls urls = PublicUrls.of(Map.of("lambda-url", "https://{id}.lambda.example.com"), "0.0.0.0", () -> 1);
        assertEquals("https://" + ID + ".lambda.example.com/", urls.url(URLS, ID, "127.0.0.1:9701"));
        assertEquals(Set.of("lambda.example.com"), urls.hostDomains(URLS));
        assertEquals(
                new PublicUrls.Addressed(ID, "/a/b", ID + ".Lambda.Example.com"),
                urls.find(URLS, ID + ".Lambda.Example.com:443", "/a/b"));
        assertEquals(
                new PublicUrls.Addressed(ID, "/", ID + ".lambda.example.com"),
                urls.find(URLS, ID + ".lambda.example.com", ""));
        assertNull(urls.find(URLS, ID + ".other.example.com", "/a"));
    }

    @Test
    void aPathTemplateIsServedUnderItsPrefixAndTheResourceSeesTheRest() {
        PublicUrls urls = PublicUrls.of(Map.of("lambda-url", "https://gw.example.com/fn/{id}"), "127.0.0.1", () -> 1);
        assertEquals("https://gw.example.com/fn/" + ID + "/", urls.url(URLS, ID, null));
        assertEquals(Set.of("/fn"), urls.paths(URLS));
        assertEquals(
                new PublicUrls.Addressed(ID, "/x?y", null), urls.find(URLS, "gw.example.com", "/fn/" + ID + "/x?y"));
        assertEquals(new PublicUrls.Addressed(ID, "/", null), urls.find(URLS, "gw.example.com", "/fn/" + ID));
    }

    @Test
    void theBuiltInFormsAlwaysWork() {
        PublicUrls urls = PublicUrls.of(Map.of("lambda-url", "https://{id}.lambda.example.com"), "127.0.0.1", () -> 1);
        assertEquals(
                new PublicUrls.Addressed(ID, "/p", ID + ".lambda-url.us-east-1.localhost"),
                urls.find(URLS, ID + ".lambda-url.us-east-1.localhost:9701", "/p"));
        assertEquals(
                new PublicUrls.Addressed(ID, "/p/q", null),
                urls.find(URLS, "127.0.0.1:9701", "/_lamina/url/" + ID + "/p/q"));
        assertNull(urls.find(URLS, "127.0.0.1:9701", "/_lamina/url/"));
        assertNull(urls.find(URLS, "127.0.0.1:9701", "/_lamina/urlx/" + ID));
        assertNull(urls.find(URLS, "127.0.0.1:9701", "/2015-03-31/functions"));
    }

    @Test
    void aTemplateWithoutItsIdInAServableSpotIsRefused() {
        for (String bad : new String[] {
            "https://lambda.example.com/",
            "https://{id}.example.com/{id}",
            "https://fn-{id}.example.com",
            "https://{id}.example.com/path",
            "https://gw.example.com/{id}",
            "https://gw.example.com/fn/{id}/more",
            "ftp://{id}.example.com",
            "https://gw.example.com/fn/{id}?x=1",
            "not a url {id}"
        }) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class,
                    () -> PublicUrls.of(Map.of("lambda-url", bad), "127.0.0.1", () -> 1),
                    bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
