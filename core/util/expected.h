#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace cordon::core {

/// What went wrong, as a category a caller can act on.
enum class ErrorCode {
    Io,             ///< the file system refused (missing file, permission, full disk)
    NotACase,       ///< the file is not a Cordon case file
    Corrupt,        ///< the file is damaged
    TooNew,         ///< written by a newer Cordon
    Symlink,        ///< refused to follow a symbolic link
    InUse,          ///< another process holds the case for writing
    ReadOnly,       ///< a write was asked of a read-only case
    Invalid,        ///< bad input or arguments
    Database,       ///< SQLite reported an error
    Cancelled,      ///< the user stopped the operation
};

/// A typed error: a code for programs and a sentence for people.
struct Error {
    ErrorCode code = ErrorCode::Invalid;
    std::string message;
};

/// Either a value or an Error (std::expected is C++23; GCC 12 lacks it).
template<class T>
class Expected {
public:
    Expected(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Expected(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    T &value() & { assert(ok()); return std::get<0>(m_state); }
    const T &value() const & { assert(ok()); return std::get<0>(m_state); }
    T &&value() && { assert(ok()); return std::get<0>(std::move(m_state)); }
    T *operator->() { return &value(); }
    const T *operator->() const { return &value(); }
    T &operator*() & { return value(); }
    const T &operator*() const & { return value(); }

    const Error &error() const { assert(!ok()); return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// Success or an Error, for operations without a result value.
class Status {
public:
    Status() = default;
    Status(Error error) : m_error(std::move(error)), m_failed(true) {}
    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    Error m_error;
    bool m_failed = false;
};

} // namespace cordon::core
