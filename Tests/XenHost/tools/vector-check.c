/*
 * vector-check SECONDS [sse|avx]: fails when a process's vector registers change under it.
 *
 * Each round loads random bytes into xmm8-xmm15 (or ymm8-ymm15), spins for a few milliseconds without
 * touching them (long enough to be preempted and for Xen to switch to another domain's vcpu), stores
 * them back and compares. Under QEMU's TCG, Xen's lazy FPU switching lost these registers when it ran a
 * guest's vcpu in between, which broke memcpy and malloc in dom0's programs at random ("malloc():
 * invalid size"); the harness boots Xen with spec-ctrl=eager-fpu, and this program proves it worked.
 * Exit status: 0 when every round matched, 1 on any mismatch, 2 for bad usage or no AVX when asked.
 */
#include <cpuid.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum { REGISTERS = 8, WIDTH = 32 };

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int has_avx(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    return (c >> 28 & 1) && (c >> 27 & 1); /* AVX, and the OS saves its state (OSXSAVE) */
}

/* The spin count: a few milliseconds of plain integer work under TCG. */
#define SPIN "mov $3000000, %%ecx\n1: dec %%ecx\n jnz 1b\n"

static void round_sse(const uint8_t *in, uint8_t *out) {
    __asm__ volatile(
        "movdqu 0(%0), %%xmm8\n movdqu 32(%0), %%xmm9\n movdqu 64(%0), %%xmm10\n movdqu 96(%0), %%xmm11\n"
        "movdqu 128(%0), %%xmm12\n movdqu 160(%0), %%xmm13\n movdqu 192(%0), %%xmm14\n movdqu 224(%0), %%xmm15\n"
        SPIN
        "movdqu %%xmm8, 0(%1)\n movdqu %%xmm9, 32(%1)\n movdqu %%xmm10, 64(%1)\n movdqu %%xmm11, 96(%1)\n"
        "movdqu %%xmm12, 128(%1)\n movdqu %%xmm13, 160(%1)\n movdqu %%xmm14, 192(%1)\n movdqu %%xmm15, 224(%1)\n"
        :: "r"(in), "r"(out)
        : "ecx", "memory", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

static void round_avx(const uint8_t *in, uint8_t *out) {
    __asm__ volatile(
        "vmovdqu 0(%0), %%ymm8\n vmovdqu 32(%0), %%ymm9\n vmovdqu 64(%0), %%ymm10\n vmovdqu 96(%0), %%ymm11\n"
        "vmovdqu 128(%0), %%ymm12\n vmovdqu 160(%0), %%ymm13\n vmovdqu 192(%0), %%ymm14\n vmovdqu 224(%0), %%ymm15\n"
        SPIN
        "vmovdqu %%ymm8, 0(%1)\n vmovdqu %%ymm9, 32(%1)\n vmovdqu %%ymm10, 64(%1)\n vmovdqu %%ymm11, 96(%1)\n"
        "vmovdqu %%ymm12, 128(%1)\n vmovdqu %%ymm13, 160(%1)\n vmovdqu %%ymm14, 192(%1)\n vmovdqu %%ymm15, 224(%1)\n"
        "vzeroupper\n"
        :: "r"(in), "r"(out)
        : "ecx", "memory", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15");
}

int main(int argc, char **argv) {
    if (argc != 3 || atof(argv[1]) <= 0 || (strcmp(argv[2], "sse") && strcmp(argv[2], "avx"))) {
        fprintf(stderr, "usage: vector-check SECONDS sse|avx\n");
        return 2;
    }
    int avx = strcmp(argv[2], "avx") == 0;
    if (avx && !has_avx()) {
        fprintf(stderr, "vector-check: this CPU or kernel has no AVX\n");
        return 2;
    }
    int width = avx ? WIDTH : 16;
    uint8_t in[REGISTERS * WIDTH], out[REGISTERS * WIDTH];
    unsigned seed = (unsigned)getpid();
    long rounds = 0, bad = 0;
    for (double end = now() + atof(argv[1]); now() < end; rounds++) {
        for (size_t i = 0; i < sizeof in; i++) in[i] = (uint8_t)rand_r(&seed);
        memset(out, 0, sizeof out);
        (avx ? round_avx : round_sse)(in, out);
        for (int r = 0; r < REGISTERS; r++) bad += memcmp(in + WIDTH * r, out + WIDTH * r, (size_t)width) != 0;
    }
    printf("vector-check %s pid %d: %ld rounds, %ld registers changed\n", argv[2], (int)getpid(), rounds, bad);
    return bad ? 1 : 0;
}
