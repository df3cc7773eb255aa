#include "core/store/case_lock.h"

#include "core/util/time_format.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace cordon::core {
namespace {

std::string readHolder(int fd)
{
    char buf[512];
    const ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    std::string s = n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s.empty() ? std::string("another process") : s;
}

std::string hostName()
{
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    return host;
}

} // namespace

CaseLock::~CaseLock()
{
    release();
}

CaseLock::CaseLock(CaseLock &&other) noexcept
    : m_fd(std::exchange(other.m_fd, -1)), m_path(std::move(other.m_path))
{
}

CaseLock &CaseLock::operator=(CaseLock &&other) noexcept
{
    if (this != &other) {
        release();
        m_fd = std::exchange(other.m_fd, -1);
        m_path = std::move(other.m_path);
    }
    return *this;
}

Expected<CaseLock> CaseLock::acquire(const std::string &casePath, const std::string &holder)
{
    const std::string path = lockPath(casePath);
    // Retry when the file we locked was unlinked by a releasing holder in between.
    for (int attempt = 0; attempt < 5; ++attempt) {
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0) {
            return Error{ErrorCode::Io, "cannot create the lock file " + path + ": " + std::strerror(errno)};
        }
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            const std::string who = readHolder(fd);
            ::close(fd);
            return Error{ErrorCode::InUse, "case in use by " + who};
        }
        struct stat opened {}, current {};
        if (fstat(fd, &opened) == 0 && stat(path.c_str(), &current) == 0 && opened.st_ino == current.st_ino
            && opened.st_dev == current.st_dev) {
            const std::string info = holder + " (pid " + std::to_string(getpid()) + " on " + hostName()
                + ", since " + formatRfc3339(SystemClock::instance().now()) + ")\n";
            if (ftruncate(fd, 0) == 0 && pwrite(fd, info.data(), info.size(), 0) < 0) {
                // The description is a courtesy; the flock() is the lock.
            }
            CaseLock lock;
            lock.m_fd = fd;
            lock.m_path = path;
            return lock;
        }
        ::close(fd);
    }
    return Error{ErrorCode::InUse, "case in use: its lock file keeps changing (" + path + ")"};
}

void CaseLock::release()
{
    if (m_fd < 0)
        return;
    // Unlink while still holding the lock, so nobody can lock the old inode after us.
    ::unlink(m_path.c_str());
    ::close(m_fd);
    m_fd = -1;
}

} // namespace cordon::core
