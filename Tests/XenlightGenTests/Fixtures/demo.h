/* A tiny stand-in for libxl.h: one of each shape the generator recovers. */
#include <stdbool.h>
#include <stdint.h>

typedef struct libxl__ctx libxl_ctx;
typedef struct yajl_gen_t *yajl_gen;
typedef int yajl_gen_status;
typedef struct {
    int val;
} libxl_defbool;
typedef struct {
    uint32_t size;
    uint8_t *map;
} libxl_bitmap;
typedef char **libxl_string_list;

typedef enum libxl_demo_kind {
    LIBXL_DEMO_KIND_INVALID = -1,
    LIBXL_DEMO_KIND_ALPHA = 1,
    LIBXL_DEMO_KIND_BETA_GAMMA = 2,
} libxl_demo_kind;
const char *libxl_demo_kind_to_string(libxl_demo_kind p);

typedef struct libxl_demo_item {
    uint32_t id;
    char *label;
} libxl_demo_item;
void libxl_demo_item_init(libxl_demo_item *p);
void libxl_demo_item_dispose(libxl_demo_item *p);
void libxl_demo_item_copy(libxl_ctx *ctx, libxl_demo_item *dst, const libxl_demo_item *src);
char *libxl_demo_item_to_json(libxl_ctx *ctx, libxl_demo_item *p);

typedef struct libxl_demo_config {
    char *name;
    libxl_defbool enabled;
    libxl_bitmap cpus;
    libxl_string_list args;
    int num_items;
    libxl_demo_item *items;
    libxl_demo_kind kind;
    union {
        struct {
            uint64_t size_kb;
        } alpha;
    } u;
    struct {
        bool flag;
    } extra;
} libxl_demo_config;
void libxl_demo_config_init(libxl_demo_config *p);
void libxl_demo_config_init_kind(libxl_demo_config *p, libxl_demo_kind kind);
void libxl_demo_config_dispose(libxl_demo_config *p);
void libxl_demo_config_copy(libxl_ctx *ctx, libxl_demo_config *dst, const libxl_demo_config *src);
char *libxl_demo_config_to_json(libxl_ctx *ctx, libxl_demo_config *p);
