#pragma once

#include <pthread.h>

namespace cordon::core {

/// Names the calling thread (at most 15 characters) so top -H, perf and gdb can tell
/// Cordon's threads apart.
inline void nameThisThread(const char *name)
{
    pthread_setname_np(pthread_self(), name);
}

} // namespace cordon::core
