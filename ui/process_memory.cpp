#include "ui/process_memory.h"

#include <malloc.h>

namespace cordon::ui {

void limitAllocatorArenas()
{
    mallopt(M_ARENA_MAX, 2);
}

} // namespace cordon::ui
