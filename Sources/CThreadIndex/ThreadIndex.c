// Thread numbers and one thread-local cache for Swift (include/CThreadIndex.h). C's _Thread_local
// costs one load from the thread pointer in the daemon's static executable; a pthread key would cost a call.
#include "CThreadIndex.h"

#include <stdatomic.h>

static atomic_uint_fast32_t next_index;
static _Thread_local uint32_t index_plus_one;
static _Thread_local _Alignas(64) unsigned char timestamp_cache[64];

uint32_t CThreadIndex_current(void) {
    uint32_t index = index_plus_one;
    if (index == 0) {
        index = (uint32_t)atomic_fetch_add_explicit(&next_index, 1, memory_order_relaxed) + 1;
        index_plus_one = index;
    }
    return index - 1;
}

void *CThreadIndex_timestamp_cache(void) {
    return timestamp_cache;
}
