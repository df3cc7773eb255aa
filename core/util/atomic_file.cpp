#include "core/util/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace cordon::core {

Status writeFileAtomically(const std::string &path, std::string_view content)
{
    const std::string temp = path + ".partial";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return Error{ErrorCode::Io, "cannot write " + path + ": " + std::strerror(errno)};
    const auto fail = [&](const char *what) {
        const int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        return Error{ErrorCode::Io, std::string(what) + " " + path + " failed: " + std::strerror(err)};
    };
    std::size_t done = 0;
    while (done < content.size()) {
        const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail("writing");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0)
        return fail("flushing");
    ::close(fd);
    if (std::rename(temp.c_str(), path.c_str()) != 0) {
        const int err = errno;
        ::unlink(temp.c_str());
        return Error{ErrorCode::Io, "cannot replace " + path + ": " + std::strerror(err)};
    }
    return {};
}

} // namespace cordon::core
