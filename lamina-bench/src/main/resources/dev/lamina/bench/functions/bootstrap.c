/*
 * The smallest useful custom runtime: a Lambda Runtime API client in C that answers every event
 * with {"ok":true}. One kept-alive TCP connection to $AWS_LAMBDA_RUNTIME_API, HTTP/1.1 spoken by
 * hand, no allocation per invocation. Used by Lamina's benchmark as the "provided (C)" function:
 * its handler time is a few microseconds, so its invoke latency is almost all node overhead.
 */
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_MESSAGE (7 * 1024 * 1024)

static int api = -1;
static char host[256];
static char in[MAX_MESSAGE];
static size_t have;

static void die(const char *what) {
    fprintf(stderr, "bootstrap: %s\n", what);
    exit(1);
}

static void connect_api(const char *address) {
    const char *colon = strrchr(address, ':');
    if (colon == NULL || (size_t)(colon - address) >= sizeof host) die("AWS_LAMBDA_RUNTIME_API must be host:port");
    memcpy(host, address, colon - address);
    host[colon - address] = 0;
    struct addrinfo hints = {0}, *found;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, colon + 1, &hints, &found) != 0) die("cannot resolve the Runtime API");
    api = socket(found->ai_family, found->ai_socktype, found->ai_protocol);
    if (api < 0 || connect(api, found->ai_addr, found->ai_addrlen) != 0) die("cannot connect to the Runtime API");
    int one = 1;
    setsockopt(api, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    freeaddrinfo(found);
}

static void send_all(const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(api, data, len);
        if (n <= 0) die("write to the Runtime API failed");
        data += n;
        len -= (size_t)n;
    }
}

/* Reads one response; returns its status and copies the request id header (if any) into id. */
static int read_response(char *id, size_t id_cap) {
    char *end;
    for (;;) {
        in[have] = 0;
        end = strstr(in, "\r\n\r\n");
        if (end != NULL) break;
        if (have >= MAX_MESSAGE - 1) die("response head too large");
        ssize_t n = read(api, in + have, MAX_MESSAGE - 1 - have);
        if (n <= 0) die("the Runtime API closed the connection");
        have += (size_t)n;
    }
    size_t head = (size_t)(end - in) + 4;
    int status = atoi(in + 9);
    long length = 0;
    if (id != NULL) id[0] = 0;
    for (char *line = strstr(in, "\r\n") + 2; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) {
            length = atol(line + 15);
        } else if (id != NULL && strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0) {
            char *v = line + 30;
            while (*v == ' ') v++;
            size_t n = strcspn(v, "\r");
            if (n >= id_cap) die("request id too long");
            memcpy(id, v, n);
            id[n] = 0;
        }
    }
    if (length < 0 || head + (size_t)length > MAX_MESSAGE - 1) die("response body too large");
    while (have < head + (size_t)length) {
        ssize_t n = read(api, in + have, MAX_MESSAGE - 1 - have);
        if (n <= 0) die("the Runtime API closed the connection");
        have += (size_t)n;
    }
    size_t used = head + (size_t)length;
    memmove(in, in + used, have - used);
    have -= used;
    return status;
}

int main(void) {
    const char *address = getenv("AWS_LAMBDA_RUNTIME_API");
    if (address == NULL) die("AWS_LAMBDA_RUNTIME_API is not set");
    connect_api(address);
    static const char body[] = "{\"ok\":true}";
    char next[512], post[1024], id[256];
    int next_len = snprintf(next, sizeof next, "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n",
                            address);
    for (;;) {
        send_all(next, (size_t)next_len);
        if (read_response(id, sizeof id) != 200 || id[0] == 0) die("GET /next failed");
        int post_len = snprintf(post, sizeof post,
                                "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
                                "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                                id, address, sizeof body - 1, body);
        send_all(post, (size_t)post_len);
        int status = read_response(NULL, 0);
        if (status < 200 || status > 299) die("POST /response failed");
    }
}
