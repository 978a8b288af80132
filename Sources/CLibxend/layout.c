/*
 * Build-time checks that the structures in libxend/xend.h have the classic API's layout on LP64
 * systems (x86_64, aarch64): a program compiled against the classic header passes these structures
 * to this library and reads them back, so an offset that moved would corrupt its data silently.
 */
#include <libxend/xend.h>

#if defined(__LP64__)
#define XEND_LAYOUT(type, field, offset) _Static_assert(offsetof(type, field) == (offset), #type "." #field)

XEND_LAYOUT(struct xend_image, extra, 24);
_Static_assert(sizeof(struct xend_image) == 32, "struct xend_image");

XEND_LAYOUT(struct xend_device_vbd, uname, 8);
XEND_LAYOUT(struct xend_device_vbd, mode, 24);
_Static_assert(XEND_READ_ONLY == 1 && XEND_READ_WRITE == 2 && XEND_READ_WRITE_FORCE == 3, "xend_device_vbd_mode");
_Static_assert(XEND_DESTROY == 1 && XEND_RENAME_RESTART == 4, "xend_domain_restart");
_Static_assert(XEND_SYSTEM_LINUX == 1 && sizeof(enum xend_node_system) == 4, "xend_node_system");
_Static_assert(sizeof(struct xend_device_vbd) == 32, "struct xend_device_vbd");

XEND_LAYOUT(struct xend_device_vif, bridge, 8);
XEND_LAYOUT(struct xend_device_vif, mac, 24);
XEND_LAYOUT(struct xend_device_vif, script, 32);
XEND_LAYOUT(struct xend_device_vif, vifname, 40);
_Static_assert(sizeof(struct xend_device_vif) == 48, "struct xend_device_vif");

_Static_assert(sizeof(struct xend_device_ioport) == 4, "struct xend_device_ioport");

XEND_LAYOUT(struct xend_domain_live, running, 0);
XEND_LAYOUT(struct xend_domain_live, blocked, 5);
XEND_LAYOUT(struct xend_domain_live, paused, 7);
XEND_LAYOUT(struct xend_domain_live, cpu_time, 8);
XEND_LAYOUT(struct xend_domain_live, start_time, 24);
XEND_LAYOUT(struct xend_domain_live, online_vcpus, 32);
XEND_LAYOUT(struct xend_domain_live, vcpu_avail, 36);
XEND_LAYOUT(struct xend_domain_live, id, 40);
_Static_assert(sizeof(struct xend_domain_live) == 48, "struct xend_domain_live");

XEND_LAYOUT(struct xend_domain, memory, 8);
XEND_LAYOUT(struct xend_domain, uuid, 24);
XEND_LAYOUT(struct xend_domain, on_crash, 44);
XEND_LAYOUT(struct xend_domain, image, 56);
XEND_LAYOUT(struct xend_domain, n_vbds, 88);
XEND_LAYOUT(struct xend_domain, vifs, 128);
XEND_LAYOUT(struct xend_domain, live, 136);
_Static_assert(sizeof(struct xend_domain) == 144, "struct xend_domain");

XEND_LAYOUT(struct xend_node, system, 0);
XEND_LAYOUT(struct xend_node, host, 8);
XEND_LAYOUT(struct xend_node, nr_cpus, 40);
XEND_LAYOUT(struct xend_node, hw_caps, 64);
XEND_LAYOUT(struct xend_node, total_memory, 72);
XEND_LAYOUT(struct xend_node, xen_minor, 92);
XEND_LAYOUT(struct xend_node, xen_extra, 96);
XEND_LAYOUT(struct xend_node, xen_caps, 104);
XEND_LAYOUT(struct xend_node, cc_compile_date, 152);
_Static_assert(sizeof(struct xend_node) == 160, "struct xend_node");
#endif

/* The library's own C translation unit: it holds the checks above and nothing else. */
int libxend_layout_checked(void);
int libxend_layout_checked(void) { return 1; }
