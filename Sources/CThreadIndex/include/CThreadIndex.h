// A small number for each thread, for Sources/ThreadShards: Swift has no thread-local storage of its own.
// Every name starts with CThreadIndex_.
#ifndef CTHREADINDEX_H
#define CTHREADINDEX_H

#include <stdint.h>

/// This thread's number: 0 for the first thread that asks, 1 for the next, and so on; the same number
/// for the thread's whole life. Numbers are not reused when threads end.
uint32_t CThreadIndex_current(void);

/// Storage of this thread's own, 64 bytes initialised to zero, for a cache that needs no lock (the
/// daemon log's last formatted second), handed out by Sources/ThreadShards/PaddedSlots.swift.
void *CThreadIndex_timestamp_cache(void);

#endif
