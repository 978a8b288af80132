// C helpers for the libmicrohttpd calls Swift cannot make directly (variadic functions, unions).
// Imported only from Sources/XendHTTP/Engine/ (docs/architecture.md#where-c-is-allowed).
// Every name starts with CXendShims_.
#ifndef CXENDSHIMS_MHD_H
#define CXENDSHIMS_MHD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <microhttpd.h>

/// Everything one MHD daemon needs: one already-listening socket and the limits that apply to it.
typedef struct {
    /// A bound, listening, non-blocking socket (AF_UNIX, AF_INET or AF_INET6). MHD takes it over.
    int listen_fd;
    /// Worker threads of this daemon (MHD_OPTION_THREAD_POOL_SIZE); 0 or 1 means one internal thread.
    unsigned int thread_pool_size;
    /// Open connections this daemon accepts at once (MHD_OPTION_CONNECTION_LIMIT); 0 keeps MHD's default.
    unsigned int connection_limit;
    /// Open connections per client IP (MHD_OPTION_PER_IP_CONNECTION_LIMIT); 0 means no limit.
    unsigned int per_ip_connection_limit;
    /// Seconds a connection may stay idle, including mid-request (MHD_OPTION_CONNECTION_TIMEOUT); 0 = never.
    unsigned int connection_timeout_seconds;
    /// Bytes of memory per connection for the request line, headers and response headers
    /// (MHD_OPTION_CONNECTION_MEMORY_LIMIT); 0 keeps MHD's default (32 KiB).
    size_t connection_memory_bytes;
    /// PEM private key and certificate for TLS; both NULL for plain HTTP. MHD copies them.
    const char *tls_key_pem;
    const char *tls_certificate_pem;
} CXendShims_DaemonSettings;

typedef void *(*CXendShims_URILogCallback)(void *cls, const char *uri, struct MHD_Connection *connection);

/// Starts a daemon: epoll with an internal thread pool, no Date header, an inter-thread channel that
/// lets MHD_stop_daemon wake the workers, MHD's errors sent to `logger`. Returns NULL on failure (the logger says why).
struct MHD_Daemon *CXendShims_start_daemon(const CXendShims_DaemonSettings *settings,
                                           MHD_AccessHandlerCallback handler, void *handler_cls,
                                           MHD_RequestCompletedCallback completed, void *completed_cls,
                                           CXendShims_URILogCallback uri_log, void *uri_log_cls,
                                           MHD_LogCallback logger, void *logger_cls);

/// Asks MHD to send `Connection: Keep-Alive` on this response when the connection stays open
/// (MHD_RF_SEND_KEEP_ALIVE_HEADER; MHD omits it for HTTP/1.1 by default).
enum MHD_Result CXendShims_send_keep_alive_header(struct MHD_Response *response);

/// The connection's peer as text (`127.0.0.1`, `::1`, or empty for a Unix socket) and its address family.
/// Returns the family (AF_INET, AF_INET6, AF_UNIX) or -1 when MHD does not know it.
int CXendShims_peer_address(struct MHD_Connection *connection, char *buffer, size_t buffer_size);

/// Writes an IPv4 address in dotted decimal, as `inet_ntop` does, into `buffer` (at least
/// INET_ADDRSTRLEN bytes), NUL-terminated.
void CXendShims_format_ipv4(const struct in_addr *address, char *buffer);

/// Formats an MHD log message (printf format plus va_list) into `buffer`; returns the length written.
int CXendShims_format_log(char *buffer, size_t buffer_size, const char *format, va_list arguments);

/// Sets the reason phrase of the next status line this thread builds for status `code` (see
/// MHDReasonPhrase.c); NULL or an empty phrase clears it, so the code's standard phrase is used.
/// The phrase must hold no CR or LF and be shorter than 320 bytes, or it is ignored.
void CXendShims_set_reason_phrase(unsigned int code, const char *phrase, size_t length);

/// Registers and unregisters the sockets of a plain-HTTP daemon (`MHD_OPTION_NOTIFY_CONNECTION`), so that
/// a request line MHD cannot parse gets the answer set below (see MHDUnparsableLine.c).
void CXendShims_note_connection(void *cls, struct MHD_Connection *connection, void **socket_context,
                                enum MHD_ConnectionNotificationCode code);

/// Tells MHDUnparsableLine.c that MHD parsed this connection's request line (call from the URI-log callback).
void CXendShims_note_request_line(struct MHD_Connection *connection);

/// Tells MHDUnparsableLine.c that this connection's request is over and the next request line may follow.
void CXendShims_note_request_completed(struct MHD_Connection *connection);

/// The complete HTTP answer (status line, headers, body) to an unparsable request line. Only the first
/// call counts; at most 512 bytes.
void CXendShims_set_unparsable_line_answer(const char *bytes, size_t length);

#endif
