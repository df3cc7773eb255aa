#pragma once

#include "core/util/expected.h"

#include <string>

namespace cordon::core {

/// Exclusive "one writer per case" lock: flock() on "<case>.lock" beside the case file, which
/// also says who holds it so a second writer is told "case in use by ..." instead of waiting.
/// The kernel drops the lock when the holder dies, so a crash never leaves a case locked.
class CaseLock {
public:
    CaseLock() = default;
    ~CaseLock();
    CaseLock(CaseLock &&other) noexcept;
    CaseLock &operator=(CaseLock &&other) noexcept;
    CaseLock(const CaseLock &) = delete;
    CaseLock &operator=(const CaseLock &) = delete;

    /// Takes the lock or fails at once with ErrorCode::InUse naming the holder.
    static Expected<CaseLock> acquire(const std::string &casePath, const std::string &holder);
    static std::string lockPath(const std::string &casePath) { return casePath + ".lock"; }

    void release();
    bool held() const { return m_fd >= 0; }

private:
    int m_fd = -1;
    std::string m_path;
};

} // namespace cordon::core
