/*
 * A custom runtime in C for the provided.* tests: a minimal Runtime API client over one keep-alive
 * connection. It answers each event with {"c":<event>,"id":"<request id>"} and exits on any error.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int sock = -1;
static char host[64];
static int port;

static void connect_api(void) {
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons((unsigned short)port);
    inet_pton(AF_INET, host, &addr.sin_addr);
    sock = socket(AF_INET, SOCK_STREAM, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof addr) != 0) exit(2);
}

static void send_all(const char *data, size_t len) {
    while (len > 0) {
        ssize_t n = write(sock, data, len);
        if (n <= 0) exit(3);
        data += n;
        len -= (size_t)n;
    }
}

/* Reads one response; returns the body (malloc'd) and copies the request id header if present. */
static char *read_response(int *status, char *request_id) {
    static char buf[1 << 20];
    size_t have = 0;
    char *end = NULL;
    while (!(end = strstr(buf, "\r\n\r\n"))) {
        ssize_t n = read(sock, buf + have, sizeof buf - 1 - have);
        if (n <= 0) exit(4);
        have += (size_t)n;
        buf[have] = 0;
    }
    *status = atoi(buf + 9);
    size_t header_len = (size_t)(end - buf) + 4;
    size_t body_len = 0;
    for (char *line = buf; line < end; line = strstr(line, "\r\n") + 2) {
        if (strncasecmp(line, "Content-Length:", 15) == 0) body_len = (size_t)atol(line + 15);
        if (request_id && strncasecmp(line, "Lambda-Runtime-Aws-Request-Id:", 30) == 0)
            sscanf(line + 30, " %63s", request_id);
    }
    while (have < header_len + body_len) {
        ssize_t n = read(sock, buf + have, sizeof buf - 1 - have);
        if (n <= 0) exit(5);
        have += (size_t)n;
    }
    char *body = malloc(body_len + 1);
    memcpy(body, buf + header_len, body_len);
    body[body_len] = 0;
    memset(buf, 0, have + 1);
    return body;
}

int main(void) {
    const char *api = getenv("AWS_LAMBDA_RUNTIME_API");
    if (!api || sscanf(api, "%63[^:]:%d", host, &port) != 2) return 1;
    setvbuf(stdout, NULL, _IONBF, 0);
    connect_api();
    for (;;) {
        char request[512], id[64] = {0};
        int status;
        snprintf(request, sizeof request,
                 "GET /2018-06-01/runtime/invocation/next HTTP/1.1\r\nHost: %s\r\n\r\n", api);
        send_all(request, strlen(request));
        char *event = read_response(&status, id);
        if (status != 200) return 6;
        printf("c runtime got %s\n", id);
        char *body = malloc(strlen(event) + 128);
        int body_len = sprintf(body, "{\"c\":%s,\"id\":\"%s\"}", event, id);
        char *post = malloc((size_t)body_len + 512);
        int post_len = sprintf(post,
                               "POST /2018-06-01/runtime/invocation/%s/response HTTP/1.1\r\nHost: %s\r\n"
                               "Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
                               id, api, body_len, body);
        send_all(post, (size_t)post_len);
        free(read_response(&status, NULL));
        if (status != 202) return 7;
        free(event);
        free(body);
        free(post);
    }
}
