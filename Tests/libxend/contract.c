/*
 * The contracts of libxend/xend.h, checked against the real daemon (scripts/test-libxend.sh starts it).
 *
 *   contract live unix:PATH|tcp:PORT SAVE_DIR PREFIX   all 29 calls, every errno path, threads, cleanup
 *   contract absent SOCKET_PATH PORT                   the daemon is not running
 *
 * Prints one line per check and exits 1 when any failed.
 */
#include <libxend/xend.h>

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

#define CHECK(cond, ...)                                                                                     \
    do {                                                                                                     \
        if (cond) {                                                                                          \
            printf("ok   ");                                                                                 \
        } else {                                                                                             \
            printf("FAIL ");                                                                                 \
            failures++;                                                                                      \
        }                                                                                                    \
        printf(__VA_ARGS__);                                                                                 \
        printf("\n");                                                                                        \
    } while (0)

/* A call that must fail with -1 and this errno. */
#define FAILS_WITH(call, code)                                                                               \
    do {                                                                                                     \
        errno = 0;                                                                                           \
        int result_ = (call);                                                                                \
        int saved_ = errno;                                                                                  \
        CHECK(result_ == -1 && saved_ == (code), "%s -> -1/%s (got %d/%s)", #call, #code, result_,           \
              strerror(saved_));                                                                             \
    } while (0)

/* A pointer call that must fail with NULL and this errno. */
#define NULL_WITH(call, code)                                                                                \
    do {                                                                                                     \
        errno = 0;                                                                                           \
        void *result_ = (void *)(call);                                                                      \
        int saved_ = errno;                                                                                  \
        CHECK(result_ == NULL && saved_ == (code), "%s -> NULL/%s (got %p/%s)", #call, #code, result_,       \
              strerror(saved_));                                                                             \
        free(result_);                                                                                       \
    } while (0)

#define SUCCEEDS(call)                                                                                       \
    do {                                                                                                     \
        errno = 0;                                                                                           \
        int result_ = (call);                                                                                \
        CHECK(result_ == 0, "%s -> 0 (got %d/%s)", #call, result_, strerror(errno));                        \
    } while (0)

static struct xend *connect_to(const char *endpoint) {
    if (strncmp(endpoint, "unix:", 5) == 0) return xend_new_unix(endpoint + 5);
    if (strncmp(endpoint, "tcp:", 4) == 0) return xend_new_tcp("127.0.0.1", atoi(endpoint + 4));
    return NULL;
}

static int count_entries(const char *directory) {
    DIR *dir = opendir(directory);
    int count = 0;
    struct dirent *entry;
    if (dir == NULL) return -1;
    while ((entry = readdir(dir)) != NULL) {
        if (entry->d_name[0] != '.') count++;
    }
    closedir(dir);
    return count - (strcmp(directory, "/proc/self/fd") == 0 ? 1 : 0); /* opendir's own descriptor */
}

/* Waits up to 20 s for the thread count to come back to `expected` (idle pool threads exit late). */
static int threads_settle_to(int expected) {
    int now = count_entries("/proc/self/task");
    for (int i = 0; i < 200 && now > expected; i++) {
        usleep(100000);
        now = count_entries("/proc/self/task");
    }
    return now;
}

/* The thread count once it has stayed the same for one second (at most 20 s). */
static int threads_stable(void) {
    int last = count_entries("/proc/self/task"), same = 0;
    for (int i = 0; i < 200 && same < 10; i++) {
        usleep(100000);
        int now = count_entries("/proc/self/task");
        same = now == last ? same + 1 : 0;
        last = now;
    }
    return last;
}

static void test_arguments(struct xend *x) {
    struct xend_domain empty;
    struct xend_device_vbd vbd = {0, "phy:/dev/vg0/x", "xvdb", XEND_READ_WRITE};
    struct xend_device_vif vif;
    char buffer[16];
    memset(&empty, 0, sizeof empty);
    memset(&vif, 0, sizeof vif);

    FAILS_WITH(xend_pause(NULL, "Domain-0"), EINVAL);
    FAILS_WITH(xend_pause(x, NULL), EINVAL);
    FAILS_WITH(xend_pause(x, ""), EINVAL);
    FAILS_WITH(xend_unpause(NULL, "d"), EINVAL);
    FAILS_WITH(xend_wait_for_devices(x, NULL), EINVAL);
    FAILS_WITH(xend_rename(x, "Domain-0", NULL), EINVAL);
    FAILS_WITH(xend_rename(x, "Domain-0", "bad/name"), EINVAL);
    FAILS_WITH(xend_sysrq(x, "Domain-0", ""), EINVAL);
    FAILS_WITH(xend_sysrq(x, "Domain-0", "ab"), EINVAL);
    FAILS_WITH(xend_sysrq(x, "Domain-0", NULL), EINVAL);
    FAILS_WITH(xend_reboot(x, NULL), EINVAL);
    FAILS_WITH(xend_shutdown(x, NULL), EINVAL);
    FAILS_WITH(xend_destroy(x, NULL), EINVAL);
    FAILS_WITH(xend_save(x, "Domain-0", NULL), EINVAL);
    FAILS_WITH(xend_restore(x, NULL), EINVAL);
    FAILS_WITH(xend_restore(NULL, "/tmp/x"), EINVAL);
    FAILS_WITH(xend_create(x, NULL), EINVAL);
    FAILS_WITH(xend_create(x, &empty), EINVAL);
    empty.name = "tiny";
    empty.memory = 1000; /* under 1 MiB */
    FAILS_WITH(xend_create(x, &empty), EINVAL);
    empty.memory = 64ULL << 20;
    empty.on_crash = (enum xend_domain_restart)42;
    FAILS_WITH(xend_create(x, &empty), EINVAL);
    FAILS_WITH(xend_set_max_memory(x, NULL, 1), EINVAL);
    FAILS_WITH(xend_set_memory(NULL, "Domain-0", 1), EINVAL);
    FAILS_WITH(xend_vbd_create(x, "Domain-0", NULL), EINVAL);
    vbd.uname = NULL;
    FAILS_WITH(xend_vbd_create(x, "Domain-0", &vbd), EINVAL);
    FAILS_WITH(xend_vbd_destroy(x, "Domain-0", NULL), EINVAL);
    FAILS_WITH(xend_vif_create(x, "Domain-0", NULL), EINVAL);
    FAILS_WITH(xend_vif_destroy(x, "Domain-0", &vif), EINVAL); /* neither vifname nor MAC */
    NULL_WITH(xend_get_domains(NULL), EINVAL);
    NULL_WITH(xend_get_domain(x, NULL), EINVAL);
    NULL_WITH(xend_get_node(NULL), EINVAL);
    FAILS_WITH(xend_node_shutdown(NULL), EINVAL);
    FAILS_WITH(xend_node_restart(NULL), EINVAL);
    FAILS_WITH(xend_dmesg(x, buffer, 0), EINVAL);
    FAILS_WITH(xend_dmesg(x, NULL, 16), EINVAL);
    FAILS_WITH(xend_dmesg_clear(NULL), EINVAL);
    FAILS_WITH(xend_log(x, NULL, 16), EINVAL);
    NULL_WITH(xend_new_tcp(NULL, 8000), EINVAL);
    NULL_WITH(xend_new_tcp("localhost", 0), EINVAL);
    NULL_WITH(xend_new_unix(NULL), EINVAL);
    xend_delete(NULL);
}

static void test_no_such_domain(struct xend *x) {
    struct xend_device_vbd vbd = {0, "phy:/dev/vg0/x", "xvdb", XEND_READ_WRITE};
    struct xend_device_vif vif;
    memset(&vif, 0, sizeof vif);
    vif.vifname = "0";

    FAILS_WITH(xend_wait_for_devices(x, "ghost"), ESRCH);
    FAILS_WITH(xend_pause(x, "ghost"), ESRCH);
    FAILS_WITH(xend_unpause(x, "ghost"), ESRCH);
    FAILS_WITH(xend_rename(x, "ghost", "ghost2"), ESRCH);
    FAILS_WITH(xend_sysrq(x, "ghost", "s"), ESRCH);
    FAILS_WITH(xend_reboot(x, "ghost"), ESRCH);
    FAILS_WITH(xend_shutdown(x, "ghost"), ESRCH);
    FAILS_WITH(xend_destroy(x, "ghost"), ESRCH);
    FAILS_WITH(xend_save(x, "ghost", "/tmp/ghost.save"), ESRCH);
    FAILS_WITH(xend_set_max_memory(x, "ghost", 512ULL << 20), ESRCH);
    FAILS_WITH(xend_set_memory(x, "ghost", 256ULL << 20), ESRCH);
    FAILS_WITH(xend_vbd_create(x, "ghost", &vbd), ESRCH);
    FAILS_WITH(xend_vbd_destroy(x, "ghost", &vbd), ESRCH);
    FAILS_WITH(xend_vif_create(x, "ghost", &vif), ESRCH);
    FAILS_WITH(xend_vif_destroy(x, "ghost", &vif), ESRCH);
    NULL_WITH(xend_get_domain(x, "ghost"), ESRCH);
}

static void test_node(struct xend *x) {
    struct xend_node *node = xend_get_node(x);
    char **names = xend_get_domains(x);
    int has_dom0 = 0, count = 0;
    CHECK(node != NULL, "xend_get_node returns a node");
    if (node != NULL) {
        CHECK(node->nr_cpus > 0 && node->host != NULL && node->host[0] != '\0', "node: %d CPUs on %s",
              node->nr_cpus, node->host ? node->host : "(null)");
        CHECK(node->total_memory >= (1ULL << 30) && node->total_memory % (1ULL << 20) == 0 &&
                  node->free_memory <= node->total_memory,
              "node memory is in bytes (%llu total, %llu free)", (unsigned long long)node->total_memory,
              (unsigned long long)node->free_memory);
        CHECK(node->system == XEND_SYSTEM_LINUX && node->xen_major >= 3 && node->xen_extra >= 0 &&
                  node->cc_compile_date != NULL && node->version != NULL && node->xen_caps != NULL,
              "node: Linux, Xen %d.%d.%d, every string set", node->xen_major, node->xen_minor, node->xen_extra);
        free(node); /* one free() releases the strings too */
    }
    CHECK(names != NULL, "xend_get_domains returns a list");
    if (names != NULL) {
        for (char **name = names; *name != NULL; name++, count++) has_dom0 |= strcmp(*name, "Domain-0") == 0;
        CHECK(has_dom0 && count >= 1, "the NULL-terminated list (%d names) holds Domain-0", count);
        free(names);
    }
    SUCCEEDS(xend_node_shutdown(x));
    SUCCEEDS(xend_node_restart(x));
}

static void test_text(struct xend *x) {
    char big[65536], small[9];
    memset(small, 'Z', sizeof small);
    SUCCEEDS(xend_dmesg(x, big, sizeof big));
    CHECK(strlen(big) > 0 && strlen(big) < sizeof big, "dmesg is terminated (%zu bytes)", strlen(big));
    SUCCEEDS(xend_dmesg(x, small, 8));
    CHECK(strlen(small) <= 7 && small[8] == 'Z', "dmesg into 8 bytes: %zu bytes, the 9th untouched", strlen(small));
    SUCCEEDS(xend_dmesg(x, small, 1));
    CHECK(small[0] == '\0' && small[1] != '\0', "dmesg into 1 byte writes only the terminator");
    SUCCEEDS(xend_dmesg_clear(x));
    SUCCEEDS(xend_dmesg(x, big, sizeof big));
    CHECK(strlen(big) == 0, "dmesg is empty after xend_dmesg_clear (%zu bytes)", strlen(big));
    memset(small, 'Z', sizeof small);
    SUCCEEDS(xend_log(x, small, 8));
    CHECK(strlen(small) <= 7 && small[8] == 'Z', "log into 8 bytes: %zu bytes, the 9th untouched", strlen(small));
    SUCCEEDS(xend_log(x, big, sizeof big));
    CHECK(strlen(big) > 0, "the log has text (%zu bytes)", strlen(big));
}

static void test_lifecycle(struct xend *x, const char *save_dir, const char *prefix) {
    static unsigned char uuid[16] = {0x5e, 0x11, 0x0d, 0xa7, 0x00, 0x01, 0x40, 0x00,
                                     0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01};
    struct xend_device_vbd vbds[1] = {{XEND_DEFAULT, "phy:/dev/vg0/root", "xvda", XEND_READ_WRITE}};
    struct xend_device_vif vifs[1];
    struct xend_device_ioport ports[1] = {{0x3f8, 0x3ff}};
    struct xend_device_vbd disk = {XEND_DEFAULT, "phy:/dev/vg0/data", "xvdb", XEND_READ_ONLY};
    struct xend_device_vbd shared = {XEND_DEFAULT, "phy:/dev/vg0/shared", "xvdc", XEND_READ_WRITE_FORCE};
    struct xend_device_vif nic;
    struct xend_domain info, *got;
    char name[64], renamed[64], gone[64], path[512];

    uuid[15] = (unsigned char)strlen(prefix); /* one UUID per run on the same daemon */
    uuid[14] = (unsigned char)prefix[strlen(prefix) - 1];
    snprintf(name, sizeof name, "%s-guest", prefix);
    snprintf(renamed, sizeof renamed, "%s-renamed", prefix);
    snprintf(gone, sizeof gone, "%s-gone", prefix);
    memset(vifs, 0, sizeof vifs);
    vifs[0].bridge = "xenbr0";
    memcpy(vifs[0].mac, "\x00\x16\x3e\x01\x02\x03", 6);
    memset(&nic, 0, sizeof nic);
    nic.bridge = "xenbr1";
    memset(&info, 0, sizeof info);
    info.name = name;
    info.memory = 256ULL << 20;
    info.max_memory = 512ULL << 20;
    info.uuid = uuid;
    info.vcpus = 2;
    info.on_poweroff = XEND_DESTROY;
    info.on_reboot = XEND_RESTART;
    info.on_crash = XEND_PRESERVE;
    info.image.kernel = "/boot/vmlinuz-xen";
    info.image.root = "/dev/xvda1";
    info.image.extra = "console=hvc0";
    info.n_vbds = 1;
    info.vbds = vbds;
    info.n_vifs = 1;
    info.vifs = vifs;
    info.n_ioports = 1;
    info.ioports = ports;

    SUCCEEDS(xend_create(x, &info));
    FAILS_WITH(xend_create(x, &info), EIO); /* the name is taken */
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->live != NULL && got->live->paused, "xend_create leaves the domain paused");
    if (got != NULL) {
        CHECK(strcmp(got->name, name) == 0 && got->memory == 256ULL << 20 && got->max_memory == 512ULL << 20 &&
                  got->vcpus == 2,
              "the record: memory %llu and max %llu bytes, %d VCPUs", (unsigned long long)got->memory,
              (unsigned long long)got->max_memory, got->vcpus);
        CHECK(got->uuid != NULL && memcmp(got->uuid, uuid, 16) == 0, "the UUID sent comes back");
        CHECK(got->on_reboot == XEND_RESTART && got->on_crash == XEND_PRESERVE, "the restart actions come back");
        CHECK(got->image.kernel != NULL && strcmp(got->image.kernel, "/boot/vmlinuz-xen") == 0 &&
                  got->image.extra != NULL && strstr(got->image.extra, "console=hvc0") != NULL,
              "the image comes back (%s)", got->image.kernel ? got->image.kernel : "(null)");
        CHECK(got->n_vbds == 1 && strcmp(got->vbds[0].uname, "phy:/dev/vg0/root") == 0 &&
                  got->vbds[0].mode == XEND_READ_WRITE,
              "the disk comes back (%zu)", got->n_vbds);
        CHECK(got->n_vifs == 1 && memcmp(got->vifs[0].mac, vifs[0].mac, 6) == 0 &&
                  strcmp(got->vifs[0].bridge, "xenbr0") == 0,
              "the interface comes back with its MAC (%zu)", got->n_vifs);
        CHECK(got->n_ioports == 1 && got->ioports[0].from == 0x3f8 && got->ioports[0].to == 0x3ff,
              "the I/O ports come back (%zu)", got->n_ioports);
        CHECK(got->live != NULL && got->live->id > 0 && got->live->vcpu_avail >= 1 && got->live->online_vcpus >= 1 &&
                  got->live->start_time > 0 && !got->live->running && !got->live->dying,
              "live: id %d (the last field), %d VCPUs online", got->live ? got->live->id : -1,
              got->live ? got->live->online_vcpus : -1);
        free(got);
    }
    SUCCEEDS(xend_wait_for_devices(x, name));
    SUCCEEDS(xend_unpause(x, name));
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->live != NULL && !got->live->paused, "running after xend_unpause");
    free(got);
    SUCCEEDS(xend_pause(x, name));
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->live != NULL && got->live->paused, "paused after xend_pause");
    free(got);
    SUCCEEDS(xend_unpause(x, name));

    SUCCEEDS(xend_set_max_memory(x, name, (768ULL << 20) + 1));
    SUCCEEDS(xend_set_memory(x, name, (384ULL << 20) + 5));
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->max_memory == 769ULL << 20 && got->memory == 384ULL << 20,
          "max rounded up to 769 MiB, target down to 384 MiB (%llu, %llu)",
          got ? (unsigned long long)got->max_memory : 0ULL, got ? (unsigned long long)got->memory : 0ULL);
    free(got);
    FAILS_WITH(xend_set_memory(x, "Domain-0", 1ULL << 60), EIO);

    SUCCEEDS(xend_vbd_create(x, name, &disk));
    SUCCEEDS(xend_vbd_create(x, name, &shared));
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->n_vbds == 3 && got->vbds[1].mode == XEND_READ_ONLY &&
              got->vbds[2].mode == XEND_READ_WRITE_FORCE,
          "three disks after xend_vbd_create, read-only and forced read-write (%zu)", got ? got->n_vbds : 0);
    free(got);
    SUCCEEDS(xend_vbd_destroy(x, name, &shared));
    FAILS_WITH(xend_vbd_create(x, name, &disk), EIO); /* xvdb is connected already */
    SUCCEEDS(xend_vbd_destroy(x, name, &disk));
    disk.dev = "xvdz";
    FAILS_WITH(xend_vbd_destroy(x, name, &disk), EIO);
    SUCCEEDS(xend_vif_create(x, name, &nic));
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->n_vifs == 2, "two interfaces after xend_vif_create (%zu)", got ? got->n_vifs : 0);
    free(got);
    nic.vifname = "1"; /* the daemon's device id of the second interface */
    SUCCEEDS(xend_vif_destroy(x, name, &nic));
    nic.vifname = "7";
    FAILS_WITH(xend_vif_destroy(x, name, &nic), EIO);

    SUCCEEDS(xend_sysrq(x, name, "s"));
    SUCCEEDS(xend_rename(x, name, renamed));
    NULL_WITH(xend_get_domain(x, name), ESRCH);
    SUCCEEDS(xend_rename(x, renamed, name));
    FAILS_WITH(xend_pause(x, "Domain-0"), EIO); /* the daemon refuses: privileged domain */

    snprintf(path, sizeof path, "%s/%s.save", save_dir, prefix);
    FAILS_WITH(xend_save(x, name, "/etc/libxend-test.save"), EACCES);
    SUCCEEDS(xend_save(x, name, path));
    NULL_WITH(xend_get_domain(x, name), ESRCH);
    SUCCEEDS(xend_restore(x, path));
    got = xend_get_domain(x, name);
    CHECK(got != NULL && got->live != NULL, "restored and running again");
    free(got);
    FAILS_WITH(xend_restore(x, "/etc/passwd"), EACCES);
    snprintf(path, sizeof path, "%s/%s-missing.save", save_dir, prefix);
    FAILS_WITH(xend_restore(x, path), EIO);

    SUCCEEDS(xend_reboot(x, name));
    SUCCEEDS(xend_shutdown(x, name));

    info.name = gone;
    info.uuid = NULL;
    info.n_vifs = 0;
    SUCCEEDS(xend_create(x, &info));
    SUCCEEDS(xend_destroy(x, gone));
    NULL_WITH(xend_get_domain(x, gone), ESRCH);
}

struct worker {
    const char *endpoint;
    int succeeded;
};

static void *work(void *argument) {
    struct worker *worker = argument;
    struct xend *x = connect_to(worker->endpoint);
    for (int i = 0; x != NULL && i < 20; i++) {
        struct xend_node *node = xend_get_node(x);
        char **names = xend_get_domains(x);
        worker->succeeded += node != NULL && names != NULL;
        free(node);
        free(names);
    }
    xend_delete(x);
    return NULL;
}

static void test_threads(const char *endpoint) {
    pthread_t threads[4];
    struct worker workers[4];
    int total = 0;
    for (int i = 0; i < 4; i++) {
        workers[i].endpoint = endpoint;
        workers[i].succeeded = 0;
        pthread_create(&threads[i], NULL, work, &workers[i]);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(threads[i], NULL);
        total += workers[i].succeeded;
    }
    CHECK(total == 80, "4 threads, one struct xend each, 20 calls each at once: %d of 80 succeeded", total);
}

static int live(const char *endpoint, const char *save_dir, const char *prefix) {
    /* The first call may start process-wide runtime machinery (kept for the life of the process); the
     * baseline is taken after it, so what is measured is what each struct xend leaves behind. */
    struct xend *x = connect_to(endpoint);
    free(xend_get_node(x));
    xend_delete(x);
    int threads_before = threads_stable();
    int fds_before = count_entries("/proc/self/fd");
    x = connect_to(endpoint);
    CHECK(x != NULL, "connect to %s", endpoint);
    if (x == NULL) return 1;
    test_arguments(x);
    test_node(x);
    test_text(x);
    test_no_such_domain(x);
    test_lifecycle(x, save_dir, prefix);
    xend_delete(x);
    test_threads(endpoint);
    for (int i = 0; i < 3; i++) {
        x = connect_to(endpoint);
        free(xend_get_node(x));
        xend_delete(x);
    }
    int fds_after = count_entries("/proc/self/fd");
    int threads_after = threads_settle_to(threads_before);
    CHECK(fds_after == fds_before, "xend_delete leaves no descriptor (%d before, %d after)", fds_before, fds_after);
    /* Idle pool threads of the runtime come and go on their own, so the baseline may hold one that
     * exits later: what must not happen is more threads than before. */
    CHECK(threads_after <= threads_before, "xend_delete leaves no thread (%d before, %d after)", threads_before,
          threads_after);
    return failures == 0 ? 0 : 1;
}

static int absent(const char *socket_path, int port) {
    char buffer[32];
    struct xend *unix_x = xend_new_unix(socket_path);
    struct xend *tcp_x = xend_new_tcp("127.0.0.1", port);
    CHECK(unix_x != NULL && tcp_x != NULL, "xend_new_unix and xend_new_tcp succeed with no daemon");
    NULL_WITH(xend_get_node(unix_x), ENOENT);
    NULL_WITH(xend_get_domains(unix_x), ENOENT);
    FAILS_WITH(xend_pause(unix_x, "Domain-0"), ENOENT);
    NULL_WITH(xend_get_node(tcp_x), ECONNREFUSED);
    FAILS_WITH(xend_dmesg(tcp_x, buffer, sizeof buffer), ECONNREFUSED);
    NULL_WITH(xend_get_domain(tcp_x, "Domain-0"), ECONNREFUSED);
    xend_delete(unix_x);
    xend_delete(tcp_x);
    struct xend *local = xend_new();
    CHECK(local != NULL, "xend_new succeeds");
    xend_delete(local);
    return failures == 0 ? 0 : 1;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc == 5 && strcmp(argv[1], "live") == 0) return live(argv[2], argv[3], argv[4]);
    if (argc == 4 && strcmp(argv[1], "absent") == 0) return absent(argv[2], atoi(argv[3]));
    fprintf(stderr, "usage: %s live unix:PATH|tcp:PORT SAVE_DIR PREFIX | absent SOCKET PORT\n", argv[0]);
    return 2;
}
