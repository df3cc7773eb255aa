#pragma once

namespace cordon::ui {

/// Keeps the C library from holding on to memory the GUI's threads freed.
///
/// glibc gives each thread that allocates an arena of its own, up to eight per core, and
/// keeps what is freed in it for that arena's next use. The writer, the loader and the
/// timeline workers churn through events, and a 1M-event case with feeds running peaked
/// ~100 MB higher (622 against 517 MB). Two arenas are plenty for one UI thread and a few
/// workers. glibc fixes its arena limit when the second arena is made, so this must run
/// at the start of main(), before any thread.
void limitAllocatorArenas();

} // namespace cordon::ui
