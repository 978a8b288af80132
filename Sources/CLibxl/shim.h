// Umbrella header for libxl (libxenlight) as installed by Debian's libxen-dev.
// The API version is pinned so that a newer libxl keeps the 4.17 signatures we were written against.
#ifndef CLIBXL_SHIM_H
#define CLIBXL_SHIM_H

#define LIBXL_API_VERSION 0x041400
#ifndef HAVE_YAJL_YAJL_VERSION_H
#define HAVE_YAJL_YAJL_VERSION_H 1
#endif

#include <libxl.h>
#include <libxl_utils.h>
#include <libxl_json.h>
#include <xentoollog.h>

#endif
