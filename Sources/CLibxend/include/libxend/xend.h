/*
 * libxend: the classic C client API of the xend Xen management daemon.
 *
 * The names, structures, enums and signatures below are those of the classic libxend API (the same
 * declarations libvirt carried as xend_internal.h), written anew for this project. Existing C sources
 * written against that API compile unchanged. The library is a thin C layer over the project's Swift
 * client (Sources/XendClientKit); docs/libxend.md is the guide for C users.
 *
 * Contracts that hold for every call:
 *  - Calls block until the daemon has answered.
 *  - Calls returning int give 0 on success and -1 with errno set on failure; calls returning a pointer
 *    give NULL with errno set on failure.
 *  - errno says what happened:
 *      ESRCH         the daemon knows no domain by that name (or id, or UUID)
 *      ECONNREFUSED  nothing listens on the TCP port, or on the Unix socket
 *      ENOENT        the Unix socket does not exist (the daemon is not running)
 *      EACCES        the daemon refused the request (a path outside its save directory, a missing
 *                    or wrong token)
 *      EINVAL        a bad argument, refused before anything is sent (a NULL pointer, an empty name,
 *                    a zero-length buffer, a key that is not one printable character)
 *      ETIMEDOUT     the daemon did not answer in time
 *      EIO           anything else the daemon reported (its (xend.err '...') message, an unexpected
 *                    reply)
 *      ENOMEM        the library could not allocate memory
 *  - Memory sizes are in bytes; the library converts to and from the MiB the wire carries (a maximum
 *    is rounded up to whole MiB, a target down).
 *  - What xend_get_domains, xend_get_domain and xend_get_node return is released with ONE free():
 *    every string and array they point to lives in the same allocation.
 *  - One struct xend may be used by one thread at a time; separate struct xend handles may be used
 *    from different threads at once.
 *
 * Layout. The structures and enums below follow the classic API field for field and value for value,
 * so a program compiled against the classic header runs against this library. struct
 * xend_domain_live ends with 'id', which later copies of the header appended after the 2005 fields,
 * so the 2005 layout is a prefix of it. Sources/CLibxend/layout.c asserts the LP64 layout at build
 * time.
 */
#ifndef LIBXEND_XEND_H
#define LIBXEND_XEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Leave a setting to the daemon (a backend domain, a restart action). */
#define XEND_DEFAULT 0U

/* A connection to the daemon: made by xend_new*, released by xend_delete. Opaque. */
struct xend;

/* What the daemon does with a domain when it powers off, reboots or crashes. */
enum xend_domain_restart {
    XEND_DESTROY = 1,    /* destroy it */
    XEND_RESTART,        /* start it again */
    XEND_PRESERVE,       /* leave it as it is, for the administrator to inspect */
    XEND_RENAME_RESTART  /* rename the old domain and start a new one */
};                       /* XEND_DEFAULT (0) sends nothing: the daemon's default applies */

/* How the guest may use a virtual block device. */
enum xend_device_vbd_mode {
    XEND_READ_ONLY = 1,   /* "r" on the wire */
    XEND_READ_WRITE,      /* "w" on the wire; XEND_DEFAULT (0) means the same */
    XEND_READ_WRITE_FORCE /* "w!" on the wire: writable even when another domain has it writable */
};

/* The paravirtualised kernel a domain boots. NULL leaves a field out. */
struct xend_image {
    const char *kernel;  /* absolute path of the kernel on the daemon's host */
    const char *ramdisk; /* absolute path of the initial ramdisk */
    const char *root;    /* the root device, passed as root= */
    const char *extra;   /* the rest of the kernel command line */
};

/* A virtual block device. */
struct xend_device_vbd {
    int backend;                    /* domain serving the disk; XEND_DEFAULT for Domain-0 */
    const char *uname;              /* backing store: "phy:/dev/vg0/lv", "file:/srv/disk.img" */
    const char *dev;                /* the name the guest sees: "xvda", "hda1" */
    enum xend_device_vbd_mode mode; /* access mode */
};

/* A virtual network interface. NULL fields are left to the daemon. */
struct xend_device_vif {
    int backend;        /* domain serving the interface; XEND_DEFAULT for Domain-0 */
    const char *bridge; /* bridge to join */
    const char *ip;     /* fixed address for the anti-spoofing rules */
    uint8_t mac[6];     /* MAC address; all zero lets the daemon choose one */
    const char *script; /* hotplug script */
    const char *vifname; /* name of the back-end interface; also how xend_vif_destroy finds it */
};

/* A range of I/O ports passed through to the guest. */
struct xend_device_ioport {
    uint16_t from; /* first port */
    uint16_t to;   /* last port, inclusive */
};

/* Run-time facts about a domain that is running (xend_domain.live). */
struct xend_domain_live {
    bool running;      /* on a CPU now */
    bool crashed;      /* crashed */
    bool poweroff;     /* shut down (powered off) */
    bool reboot;       /* shut down, asking to be rebooted */
    bool suspend;      /* shut down, asking to be suspended */
    bool blocked;      /* waiting for an event */
    bool dying;        /* being destroyed */
    bool paused;       /* paused */
    double cpu_time;   /* CPU time used, in seconds */
    double up_time;    /* seconds since the domain was started */
    double start_time; /* when the domain was started, in seconds since the Epoch */
    int online_vcpus;  /* VCPUs online now */
    int vcpu_avail;    /* VCPUs the domain may bring online */
    int id;            /* domain id (after the 2005 fields, as later headers added it) */
};

/* A domain: what xend_create reads and xend_get_domain fills. */
struct xend_domain {
    const char *name;                     /* the domain's name; required */
    uint64_t memory;                      /* initial memory target, in bytes; required */
    uint64_t max_memory;                  /* maximum memory, in bytes; 0 means the same as memory */
    unsigned char *uuid;                  /* 16 bytes (libuuid's uuid_t), or NULL to let xend choose */
    int ssidref;                          /* security label; 0 for none */
    enum xend_domain_restart on_poweroff; /* action when the guest powers off */
    enum xend_domain_restart on_reboot;   /* action when the guest reboots */
    enum xend_domain_restart on_crash;    /* action when the guest crashes */
    int vcpus;                            /* virtual CPUs; 0 lets xend choose (one) */
    struct xend_image image;              /* the kernel to boot */
    size_t n_vbds;                        /* entries in vbds */
    struct xend_device_vbd *vbds;         /* virtual block devices */
    size_t n_ioports;                     /* entries in ioports */
    struct xend_device_ioport *ioports;   /* I/O port ranges */
    size_t n_vifs;                        /* entries in vifs */
    struct xend_device_vif *vifs;         /* virtual network interfaces */
    struct xend_domain_live *live;        /* set by xend_get_domain for a running domain, else NULL */
};

/* The operating system of the host's control domain. */
enum xend_node_system {
    XEND_SYSTEM_LINUX = 1 /* Linux; XEND_DEFAULT (0) for any other */
};

/* The host: what xend_get_node fills. Memory sizes are in bytes. */
struct xend_node {
    enum xend_node_system system;  /* operating system of the control domain */
    const char *host;              /* host name */
    const char *release;           /* kernel release */
    const char *version;           /* kernel version string */
    const char *machine;           /* architecture ("x86_64") */
    int nr_cpus;                   /* physical CPUs */
    int nr_nodes;                  /* NUMA nodes */
    int sockets_per_node;          /* sockets in each node */
    int cores_per_socket;          /* cores in each socket */
    int threads_per_core;          /* threads in each core */
    int cpu_mhz;                   /* CPU clock, in MHz */
    const char *hw_caps;           /* CPU feature words */
    uint64_t total_memory;         /* host memory, in bytes */
    uint64_t free_memory;          /* memory no domain uses, in bytes */
    int xen_major;                 /* hypervisor major version */
    int xen_minor;                 /* hypervisor minor version */
    int xen_extra;                 /* hypervisor extra version: the number after a leading '.' of the
                                      daemon's xen_extra (".0" gives 0, ".5" gives 5); 0 for any other
                                      form ("-rc1", "+") */
    const char *xen_caps;          /* guest kinds the hypervisor runs */
    const char *platform_params;   /* platform parameters ("virt_start=...") */
    const char *xen_changeset;     /* hypervisor source changeset */
    const char *cc_compiler;       /* compiler the hypervisor was built with */
    const char *cc_compile_by;     /* who built it */
    const char *cc_compile_domain; /* where it was built */
    const char *cc_compile_date;   /* when it was built */
};

/* Connections. These never contact the daemon, so they succeed when it is not running; NULL with
 * errno ENOMEM (or EINVAL for a NULL or empty argument) otherwise. */

/* The local daemon: the Unix socket /var/lib/xend/xend-socket, then TCP localhost:8000. */
struct xend *xend_new(void);
/* The daemon listening on TCP host:port. */
struct xend *xend_new_tcp(const char *host, int port);
/* The daemon listening on the Unix socket at path. */
struct xend *xend_new_unix(const char *path);
/* Closes the connection and releases everything it holds (threads, descriptors, memory). NULL is
 * allowed. */
void xend_delete(struct xend *xend);

/* Domains, named by name (a decimal id or a UUID is accepted too). 0, or -1 with errno. */

/* Waits until every device of a newly created domain is connected. */
int xend_wait_for_devices(struct xend *xend, const char *name);
/* Pauses a domain. */
int xend_pause(struct xend *xend, const char *name);
/* Resumes a paused domain. */
int xend_unpause(struct xend *xend, const char *name);
/* Renames domain oldname to name. */
int xend_rename(struct xend *xend, const char *oldname, const char *name);
/* Sends the magic SysRq key (one printable character, such as "s") to the guest kernel. */
int xend_sysrq(struct xend *xend, const char *name, const char *key);
/* Asks the guest to reboot. */
int xend_reboot(struct xend *xend, const char *name);
/* Asks the guest to shut down (power off). */
int xend_shutdown(struct xend *xend, const char *name);
/* Stops the domain at once. */
int xend_destroy(struct xend *xend, const char *name);
/* Saves the domain's memory to filename on the daemon's host, then destroys the domain. */
int xend_save(struct xend *xend, const char *name, const char *filename);
/* Restores a domain from a file written by xend_save, on the daemon's host. */
int xend_restore(struct xend *xend, const char *filename);

/* The names of all running domains: a NULL-terminated array, released with one free(). */
char **xend_get_domains(struct xend *xend);
/* Creates a domain from info and leaves it paused: follow with xend_wait_for_devices and
 * xend_unpause. info->live is ignored. */
int xend_create(struct xend *xend, const struct xend_domain *info);
/* Sets the maximum memory, in bytes (rounded up to whole MiB). */
int xend_set_max_memory(struct xend *xend, const char *name, uint64_t value);
/* Sets the memory target (balloon), in bytes (rounded down to whole MiB). */
int xend_set_memory(struct xend *xend, const char *name, uint64_t value);
/* Attaches a disk to a running domain. */
int xend_vbd_create(struct xend *xend, const char *name, const struct xend_device_vbd *vbd);
/* Detaches the disk the guest knows as vbd->dev. */
int xend_vbd_destroy(struct xend *xend, const char *name, const struct xend_device_vbd *vbd);
/* Attaches a network interface to a running domain. */
int xend_vif_create(struct xend *xend, const char *name, const struct xend_device_vif *vif);
/* Detaches the interface named vif->vifname, or else the one with MAC vif->mac. */
int xend_vif_destroy(struct xend *xend, const char *name, const struct xend_device_vif *vif);
/* One domain, released with one free(); live is NULL when the domain is not running. */
struct xend_domain *xend_get_domain(struct xend *xend, const char *name);

/* The host. */

/* The host's description, released with one free(). */
struct xend_node *xend_get_node(struct xend *xend);
/* Asks the host to power off. */
int xend_node_shutdown(struct xend *xend);
/* Asks the host to reboot. */
int xend_node_restart(struct xend *xend);
/* Copies the hypervisor's console ring into buffer: its first n_buffer - 1 bytes at most, then a
 * terminating NUL, so it never writes past n_buffer bytes. n_buffer must be at least 1. */
int xend_dmesg(struct xend *xend, char *buffer, size_t n_buffer);
/* Empties the hypervisor's console ring. */
int xend_dmesg_clear(struct xend *xend);
/* Copies the daemon's log into buffer, as xend_dmesg does. */
int xend_log(struct xend *xend, char *buffer, size_t n_buffer);

#ifdef __cplusplus
}
#endif

#endif /* LIBXEND_XEND_H */
