/* A client as a 2005 C program wrote it: only the classic libxend API, C89 style (declarations first,
 * no designated initialisers). scripts/test-libxend.sh builds it unchanged with -std=gnu89 and runs it:
 *   classic SOCKET_PATH
 * It reads the host, creates the paused domain "classic-guest" (on_crash XEND_PRESERVE, on_poweroff
 * XEND_DEFAULT, a disk in XEND_READ_WRITE_FORCE mode), lists the running domains reading live->id (the
 * last field of struct xend_domain_live), reads classic-guest back, and leaves it for the script to
 * inspect on the wire.
 */
#include <libxend/xend.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    struct xend *xend;
    struct xend_node *node;
    struct xend_domain *dom;
    struct xend_domain info;
    struct xend_device_vbd disk;
    char **domains;
    int i, found = 0;

    if (argc != 2) {
        fprintf(stderr, "usage: %s SOCKET\n", argv[0]);
        return 2;
    }
    xend = xend_new_unix(argv[1]);
    if (xend == NULL) {
        perror("xend_new_unix");
        return 1;
    }
    node = xend_get_node(xend);
    if (node == NULL) {
        perror("xend_get_node");
        return 1;
    }
    printf("%s: %s, %d CPUs, %lu MB of memory, Xen %d.%d.%d\n", node->host,
           node->system == XEND_SYSTEM_LINUX ? "Linux" : "not Linux", node->nr_cpus,
           (unsigned long)(node->total_memory >> 20), node->xen_major, node->xen_minor, node->xen_extra);
    if (node->system != XEND_SYSTEM_LINUX || node->xen_major < 3 || node->xen_extra < 0) {
        fprintf(stderr, "unexpected node: system %d, xen_extra %d\n", (int)node->system, node->xen_extra);
        return 1;
    }
    free(node);

    memset(&disk, 0, sizeof(disk));
    disk.backend = XEND_DEFAULT;
    disk.uname = "phy:/dev/vg0/classic";
    disk.dev = "xvda";
    disk.mode = XEND_READ_WRITE_FORCE;
    memset(&info, 0, sizeof(info));
    info.name = "classic-guest";
    info.memory = 128 << 20;
    info.on_poweroff = XEND_DEFAULT;
    info.on_reboot = XEND_RESTART;
    info.on_crash = XEND_PRESERVE;
    info.image.kernel = "/boot/vmlinuz-classic";
    info.n_vbds = 1;
    info.vbds = &disk;
    if (xend_create(xend, &info) != 0) {
        perror("xend_create");
        return 1;
    }

    domains = xend_get_domains(xend);
    if (domains == NULL) {
        perror("xend_get_domains");
        return 1;
    }
    for (i = 0; domains[i]; i++) {
        dom = xend_get_domain(xend, domains[i]);
        if (dom == NULL) {
            perror(domains[i]);
            return 1;
        }
        printf("%-20s %5d %8lu kB %2d vcpus\n", dom->name, dom->live ? dom->live->id : -1,
               (unsigned long)(dom->memory / 1024), dom->vcpus);
        if (strcmp(dom->name, "Domain-0") == 0 && (dom->live == NULL || dom->live->id != 0)) {
            fprintf(stderr, "Domain-0 has no live id 0\n");
            return 1;
        }
        free(dom);
    }
    free(domains);

    dom = xend_get_domain(xend, "classic-guest"); /* paused, so not in the list of running domains */
    if (dom == NULL) {
        perror("classic-guest");
        return 1;
    }
    found = dom->live != NULL && dom->live->id > 0 && dom->live->paused && !dom->live->running &&
            dom->on_crash == XEND_PRESERVE && dom->on_reboot == XEND_RESTART &&
            dom->on_poweroff == XEND_DESTROY && dom->n_vbds == 1 && dom->vbds[0].mode == XEND_READ_WRITE_FORCE;
    printf("%-20s %5d paused, on_crash %d, disk mode %d\n", dom->name, dom->live ? dom->live->id : -1,
           (int)dom->on_crash, dom->n_vbds > 0 ? (int)dom->vbds[0].mode : -1);
    free(dom);
    xend_delete(xend);
    if (!found) {
        fprintf(stderr, "classic-guest did not come back paused, with its actions and its w! disk\n");
        return 1;
    }
    return 0;
}
