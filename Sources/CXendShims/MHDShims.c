// C side of CXendShims_MHD.h. Kept tiny: option lists are typed by the C compiler here, which is the
// point (a wrong vararg type from Swift corrupts memory silently).
#include "CXendShims_MHD.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

struct MHD_Daemon *CXendShims_start_daemon(const CXendShims_DaemonSettings *settings,
                                           MHD_AccessHandlerCallback handler, void *handler_cls,
                                           MHD_RequestCompletedCallback completed, void *completed_cls,
                                           CXendShims_URILogCallback uri_log, void *uri_log_cls,
                                           MHD_LogCallback logger, void *logger_cls) {
    struct MHD_OptionItem options[14];
    size_t count = 0;
    // The logger goes first so MHD reports problems with the later options through it.
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)logger, logger_cls};
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_LISTEN_SOCKET, settings->listen_fd, NULL};
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)completed, completed_cls};
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_URI_LOG_CALLBACK, (intptr_t)uri_log, uri_log_cls};
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_TIMEOUT,
                                               (intptr_t)settings->connection_timeout_seconds, NULL};
    if (settings->thread_pool_size > 1) {
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_THREAD_POOL_SIZE,
                                                   (intptr_t)settings->thread_pool_size, NULL};
    }
    if (settings->connection_memory_bytes > 0) {
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                                   (intptr_t)settings->connection_memory_bytes, NULL};
    }
    if (settings->connection_limit > 0) {
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_CONNECTION_LIMIT,
                                                   (intptr_t)settings->connection_limit, NULL};
    }
    if (settings->per_ip_connection_limit > 0) {
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_PER_IP_CONNECTION_LIMIT,
                                                   (intptr_t)settings->per_ip_connection_limit, NULL};
    }
    unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_SUPPRESS_DATE_NO_CLOCK | MHD_USE_ITC
                         | MHD_USE_ERROR_LOG;
    if (settings->tls_key_pem != NULL && settings->tls_certificate_pem != NULL) {
        flags |= MHD_USE_TLS;
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_KEY, 0, (void *)settings->tls_key_pem};
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_HTTPS_MEM_CERT, 0,
                                                   (void *)settings->tls_certificate_pem};
    } else {
        // Plain HTTP only: an answer to an unparsable request line must not go into a TLS stream.
        options[count++] = (struct MHD_OptionItem){MHD_OPTION_NOTIFY_CONNECTION,
                                                   (intptr_t)CXendShims_note_connection, NULL};
    }
    options[count++] = (struct MHD_OptionItem){MHD_OPTION_END, 0, NULL};
    _Static_assert(sizeof(options) / sizeof(options[0]) >= 13, "room for every option plus END");
    return MHD_start_daemon(flags, 0, NULL, NULL, handler, handler_cls,
                            MHD_OPTION_ARRAY, options, MHD_OPTION_END);
}

enum MHD_Result CXendShims_send_keep_alive_header(struct MHD_Response *response) {
    return MHD_set_response_options(response, MHD_RF_SEND_KEEP_ALIVE_HEADER, MHD_RO_END);
}

// glibc's inet_ntop formats IPv4 with sprintf, which was a third of the peer address's cost on every
// TCP request (docs/performance.md).
void CXendShims_format_ipv4(const struct in_addr *address, char *buffer) {
    const unsigned char *octets = (const unsigned char *)&address->s_addr;
    char *out = buffer;
    for (int index = 0; index < 4; index++) {
        unsigned value = octets[index];
        if (index > 0) *out++ = '.';
        if (value >= 100) *out++ = (char)('0' + value / 100);
        if (value >= 10) *out++ = (char)('0' + value / 10 % 10);
        *out++ = (char)('0' + value % 10);
    }
    *out = '\0';
}

int CXendShims_peer_address(struct MHD_Connection *connection, char *buffer, size_t buffer_size) {
    if (buffer_size > 0) buffer[0] = '\0';
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (info == NULL || info->client_addr == NULL) return -1;
    const struct sockaddr *address = info->client_addr;
    switch (address->sa_family) {
    case AF_INET:
        if (buffer_size >= INET_ADDRSTRLEN) {
            CXendShims_format_ipv4(&((const struct sockaddr_in *)address)->sin_addr, buffer);
        } else {
            inet_ntop(AF_INET, &((const struct sockaddr_in *)address)->sin_addr, buffer, (socklen_t)buffer_size);
        }
        return AF_INET;
    case AF_INET6:
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)address)->sin6_addr, buffer, (socklen_t)buffer_size);
        return AF_INET6;
    default:
        return address->sa_family;
    }
}

int CXendShims_format_log(char *buffer, size_t buffer_size, const char *format, va_list arguments) {
    int written = vsnprintf(buffer, buffer_size, format, arguments);
    if (written < 0) return 0;
    return (size_t)written >= buffer_size ? (int)buffer_size - 1 : written;
}
