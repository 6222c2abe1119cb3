package quill

import "testing"

func TestName(t *testing.T) {
	if Name != "quill" {
		t.Fatalf("Name = %q", Name)
	}
}
