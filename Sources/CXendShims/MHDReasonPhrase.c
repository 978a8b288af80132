// The reason phrase of every status line libmicrohttpd writes. MHD 0.9.75 has no call to set one:
// build_header_response() asks MHD_get_reason_phrase_len_for() and MHD_get_reason_phrase_for(),
// and it calls both through the PLT, so the definitions below, exported from the executable,
// interpose on the library's own. They answer with the original xend's phrases, and with a
// per-request phrase that the request's worker thread left in thread-local storage just before
// queueing the response (MHD builds the header on that thread right after the access handler
// returns). docs/wire-compatibility.md ("Reason phrases") explains the mechanism and its limits.
#define _GNU_SOURCE
#include "CXendShims_MHD.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <string.h>

enum { PHRASE_CAPACITY = 320 };

/// The phrase queued on this thread, valid for one status line with `code`; 0 means none.
static _Thread_local unsigned int pending_code;
static _Thread_local size_t pending_length;
static _Thread_local char pending_text[PHRASE_CAPACITY];

void CXendShims_set_reason_phrase(unsigned int code, const char *phrase, size_t length) {
    if (phrase == NULL || length == 0 || length >= PHRASE_CAPACITY) {
        pending_code = 0;
        return;
    }
    for (size_t index = 0; index < length; index++) {
        unsigned char byte = (unsigned char)phrase[index];
        if (byte < 0x20 || byte == 0x7f) {  // never a line break or control byte in a status line
            pending_code = 0;
            return;
        }
    }
    memcpy(pending_text, phrase, length);
    pending_text[length] = '\0';
    pending_length = length;
    pending_code = code;
}

/// The phrases of the original daemon for codes whose phrase did not depend on the request.
static const char *xend_phrase(unsigned int code) {
    switch (code) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 400: return "Bad request";
    case 404: return "Not found";
    case 406: return "Invalid request";
    case 413: return "Request entity too large";
    case 500: return "Internal server error";
    case 501: return "Not implemented";
    default: return NULL;
    }
}

typedef const char *(*PhraseFunction)(unsigned int);

/// libmicrohttpd's own lookup, for every code xend never sent (401, 403, 431, 503, 505, ...).
static const char *library_phrase(unsigned int code) {
    static _Atomic(PhraseFunction) next;
    PhraseFunction function = atomic_load_explicit(&next, memory_order_acquire);
    if (function == NULL) {
        function = (PhraseFunction)dlsym(RTLD_NEXT, "MHD_get_reason_phrase_for");
        if (function == NULL || function == MHD_get_reason_phrase_for) return "";
        atomic_store_explicit(&next, function, memory_order_release);
    }
    return function(code);
}

static const char *phrase_for(unsigned int code, size_t *length) {
    if (pending_code != 0 && pending_code == code) {
        *length = pending_length;
        return pending_text;
    }
    const char *phrase = xend_phrase(code);
    if (phrase == NULL) phrase = library_phrase(code);
    *length = strlen(phrase);
    return phrase;
}

size_t MHD_get_reason_phrase_len_for(unsigned int code) {
    size_t length;
    (void)phrase_for(code, &length);
    return length;
}

// Called after the length, once per status line: the per-request phrase is used up here.
const char *MHD_get_reason_phrase_for(unsigned int code) {
    size_t length;
    const char *phrase = phrase_for(code, &length);
    if (phrase == pending_text) pending_code = 0;
    return phrase;
}
