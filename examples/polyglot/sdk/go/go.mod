module github.com/example/quill/sdk/go

go 1.22
