// System calls Swift's Glibc cannot import or name: pipe2 with O_CLOEXEC,
// glibc's closefrom spawn action, and recvmmsg/sendmmsg for the worker's
// media plane (mmsg.h).
#ifndef CSYSTEM_SHIMS_H
#define CSYSTEM_SHIMS_H

/// pipe2(fds, O_CLOEXEC): both ends close on exec, atomically (no leak into
/// a process spawned by another thread meanwhile). Returns 0 or -1 with errno.
int cshims_pipe_cloexec(int fds[2]);

#include <spawn.h>
/// Adds to `actions` the closing, in the child, of every descriptor from
/// `lowest` up (glibc's posix_spawn_file_actions_addclosefrom_np): a spawned
/// process keeps only what the actions gave it. Returns 0 or an error number.
int cshims_spawn_file_actions_addclosefrom(posix_spawn_file_actions_t *actions, int lowest);

#include "mmsg.h"

#endif
