package main

// A greeting function: behind an HTTP API it answers GET /hello?name=... with JSON; invoked directly
// with {"name": "..."} it returns the greeting. A name of "fail" makes the invocation fail.

import (
	"context"
	"encoding/json"
	"errors"
	"os"
)

type event struct {
	Name                  string            `json:"name"`
	QueryStringParameters map[string]string `json:"queryStringParameters"`
	RequestContext        *struct{}         `json:"requestContext"`
}

type greeting struct {
	Message  string `json:"message"`
	Language string `json:"language"`
	Function string `json:"function"`
}

func hello(ctx context.Context, inv Invocation, raw json.RawMessage) (any, error) {
	var e event
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, err
	}
	name := e.Name
	if n, ok := e.QueryStringParameters["name"]; ok {
		name = n
	}
	if name == "" {
		name = "world"
	}
	if name == "fail" {
		return nil, errors.New("asked to fail")
	}
	g := greeting{Message: "Hello, " + name + "!", Language: "go", Function: os.Getenv("AWS_LAMBDA_FUNCTION_NAME")}
	if e.RequestContext == nil {
		return g, nil
	}
	body, _ := json.Marshal(g)
	return map[string]any{
		"statusCode": 200,
		"headers":    map[string]string{"content-type": "application/json"},
		"body":       string(body),
	}, nil
}

func main() {
	Start(hello)
}
