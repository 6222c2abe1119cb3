/* C header of the Quill FFI library. */
#ifndef QUILL_H
#define QUILL_H
const char *quill_version(void);
#endif
