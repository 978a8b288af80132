/* A client as a 2005 C program wrote it: only the classic libxend API, C89 style (declarations first,
 * no designated initialisers). scripts/test-libxend.sh builds it unchanged with -std=gnu89 and runs it:
 *   classic SOCKET_PATH
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
    char **domains;
    int i;

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
    printf("%s: %d CPUs, %lu MB of memory, Xen %d.%d%s\n", node->host, node->nr_cpus,
           (unsigned long)(node->total_memory >> 20), node->xen_major, node->xen_minor, node->xen_extra);
    free(node);

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
        free(dom);
    }
    free(domains);
    xend_delete(xend);
    return 0;
}
