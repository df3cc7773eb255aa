#pragma once

namespace cordon::ui {

/// One read out at a time for a view that the case's changes keep asking to re-read: a
/// change while a read is out is remembered and answered with one more read afterwards,
/// never with a queue of them.
class CoalescedRead {
public:
    /// True when a read may start now; otherwise the change is remembered.
    bool begin()
    {
        if (m_out) {
            m_stale = true;
            return false;
        }
        m_out = true;
        m_stale = false;
        return true;
    }
    /// The read came back; true when the case changed meanwhile and must be read again.
    bool end()
    {
        m_out = false;
        return m_stale;
    }
    /// The case closed: answers still out will never come.
    void reset() { m_out = m_stale = false; }

private:
    bool m_out = false, m_stale = false;
};

} // namespace cordon::ui
