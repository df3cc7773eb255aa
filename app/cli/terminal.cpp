#include "terminal.h"

#include <unistd.h>

#include <cstdio>

namespace cordon::cli {

bool stderrIsTerminal()
{
    static const bool tty = isatty(STDERR_FILENO) == 1;
    return tty;
}

void statusLine(const std::string &text)
{
    if (!stderrIsTerminal())
        return;
    std::fprintf(stderr, "\r\033[K%s", text.c_str());
    std::fflush(stderr);
}

void clearStatusLine()
{
    if (stderrIsTerminal())
        std::fprintf(stderr, "\r\033[K");
}

std::string humanBytes(double bytes)
{
    const char *units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (bytes >= 1024 && u < 4) {
        bytes /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u ? "%.1f %s" : "%.0f %s", bytes, units[u]);
    return buf;
}

std::string humanCount(std::int64_t n)
{
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out.push_back(',');
        out.push_back(digits[i]);
    }
    return n < 0 ? "-" + out : out;
}

} // namespace cordon::cli
