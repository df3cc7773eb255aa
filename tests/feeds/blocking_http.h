#pragma once

// A minimal blocking HTTP/1.1 client on POSIX sockets, for load and crash tests that drive
// the receiver from plain threads (no Qt event loop needed on the client side).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <string>

namespace cordon::test {

class BlockingHttp {
public:
    explicit BlockingHttp(std::uint16_t port) : m_port(port) {}
    ~BlockingHttp() { close(); }
    BlockingHttp(const BlockingHttp &) = delete;
    BlockingHttp &operator=(const BlockingHttp &) = delete;

    /// Posts `body` and returns the status (0 when the connection failed or closed).
    int post(const std::string &path, const std::string &body, const std::string &extraHeaders = {},
             std::string *responseBody = nullptr)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (m_fd < 0 && !connect())
                return 0;
            const std::string request = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + extraHeaders + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
            if (!sendAll(request)) {
                close();
                continue;   // a keep-alive connection the server closed: once more on a new one
            }
            const int status = readResponse(responseBody);
            if (status == 0)
                close();
            return status;
        }
        return 0;
    }

    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
        m_buffer.clear();
    }

private:
    bool connect()
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(m_port);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
            close();
            return false;
        }
        const int one = 1;
        ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        return true;
    }

    bool sendAll(const std::string &data)
    {
        std::size_t sent = 0;
        while (sent < data.size()) {
            const ssize_t n = ::send(m_fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
            if (n <= 0)
                return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }

    int readResponse(std::string *responseBody)
    {
        for (;;) {
            const auto end = m_buffer.find("\r\n\r\n");
            if (end != std::string::npos) {
                const int status = std::atoi(m_buffer.c_str() + 9);
                std::size_t length = 0;
                const auto cl = m_buffer.find("Content-Length: ");
                if (cl != std::string::npos && cl < end)
                    length = static_cast<std::size_t>(std::atol(m_buffer.c_str() + cl + 16));
                if (m_buffer.size() >= end + 4 + length) {
                    if (responseBody)
                        *responseBody = m_buffer.substr(end + 4, length);
                    const bool closing = m_buffer.find("Connection: close") < end;
                    m_buffer.erase(0, end + 4 + length);
                    if (closing)
                        close();
                    return status;
                }
            }
            char chunk[8192];
            const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
            if (n <= 0)
                return 0;
            m_buffer.append(chunk, static_cast<std::size_t>(n));
        }
    }

    std::uint16_t m_port;
    int m_fd = -1;
    std::string m_buffer;
};

} // namespace cordon::test
