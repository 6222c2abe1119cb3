// Package quill is the Go SDK for Quill.
package quill

// Name is the SDK's name.
const Name = "quill"
