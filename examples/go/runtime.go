package main

// A client of the Lambda Runtime API written with Go's standard library alone, against the
// documented contract (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html): it asks
// for the next invocation, runs the handler, and posts its response or its error, forever.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strconv"
	"time"
)

// Invocation is what the Runtime API says about one invocation besides its event.
type Invocation struct {
	RequestID          string
	InvokedFunctionArn string
	TraceID            string
	Deadline           time.Time
}

// Handler runs one event; what it returns is sent back as JSON.
type Handler func(ctx context.Context, inv Invocation, event json.RawMessage) (any, error)

// errorDocument is the body Lambda expects for a failed invocation or init.
type errorDocument struct {
	ErrorMessage string   `json:"errorMessage"`
	ErrorType    string   `json:"errorType"`
	StackTrace   []string `json:"stackTrace"`
}

type runtimeAPI struct {
	base   string
	client *http.Client
}

// Start serves invocations with handler until the process is stopped.
func Start(handler Handler) {
	api := runtimeAPI{
		base:   "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime",
		client: &http.Client{}, // no timeout: the next invocation may be a long time coming
	}
	for {
		if err := api.serveOne(handler); err != nil {
			fmt.Fprintln(os.Stderr, "runtime API:", err)
			os.Exit(1)
		}
	}
}

// Fail reports an error during init (before Start) and exits, as Lambda's own runtimes do.
func Fail(err error) {
	api := runtimeAPI{base: "http://" + os.Getenv("AWS_LAMBDA_RUNTIME_API") + "/2018-06-01/runtime", client: &http.Client{}}
	_ = api.post(api.base+"/init/error", documentOf(err), errorType(err))
	os.Exit(1)
}

func (api runtimeAPI) serveOne(handler Handler) error {
	resp, err := api.client.Get(api.base + "/invocation/next")
	if err != nil {
		return err
	}
	event, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("next invocation: %s", resp.Status)
	}
	inv := Invocation{
		RequestID:          resp.Header.Get("Lambda-Runtime-Aws-Request-Id"),
		InvokedFunctionArn: resp.Header.Get("Lambda-Runtime-Invoked-Function-Arn"),
		TraceID:            resp.Header.Get("Lambda-Runtime-Trace-Id"),
	}
	if ms, err := strconv.ParseInt(resp.Header.Get("Lambda-Runtime-Deadline-Ms"), 10, 64); err == nil {
		inv.Deadline = time.UnixMilli(ms)
	}
	if inv.TraceID != "" {
		os.Setenv("_X_AMZN_TRACE_ID", inv.TraceID)
	} else {
		os.Unsetenv("_X_AMZN_TRACE_ID")
	}
	ctx, cancel := context.Background(), context.CancelFunc(func() {})
	if !inv.Deadline.IsZero() {
		ctx, cancel = context.WithDeadline(ctx, inv.Deadline)
	}
	defer cancel()
	out, failure := call(handler, ctx, inv, event)
	invocation := api.base + "/invocation/" + inv.RequestID
	if failure != nil {
		return api.post(invocation+"/error", documentOf(failure), errorType(failure))
	}
	body, err := json.Marshal(out)
	if err != nil {
		return api.post(invocation+"/error", documentOf(err), errorType(err))
	}
	return api.post(invocation+"/response", body, "")
}

// call runs the handler, turning a panic into an error as a failed invocation.
func call(handler Handler, ctx context.Context, inv Invocation, event json.RawMessage) (out any, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%v", p)
		}
	}()
	return handler(ctx, inv, event)
}

func (api runtimeAPI) post(url string, body []byte, errorTypeHeader string) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if errorTypeHeader != "" {
		req.Header.Set("Lambda-Runtime-Function-Error-Type", errorTypeHeader)
	}
	resp, err := api.client.Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusAccepted {
		return fmt.Errorf("%s: %s", url, resp.Status)
	}
	return nil
}

// errorType names an error by its Go type, as AWS's Go library does ("errorString" for errors.New).
func errorType(err error) string {
	t := reflect.TypeOf(err)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Name()
}

func documentOf(err error) []byte {
	doc, _ := json.Marshal(errorDocument{ErrorMessage: err.Error(), ErrorType: errorType(err), StackTrace: []string{}})
	return doc
}
