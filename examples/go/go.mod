module lamina.example/hello

go 1.19
