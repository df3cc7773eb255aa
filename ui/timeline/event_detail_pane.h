#pragma once

#include "core/query/event_row.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTextBrowser;
class QToolButton;

namespace cordon::ui {

/// Everything about the selected event: its fields, full prompt and output, attributes and
/// the original payload pretty-printed; pinning it to the incident timeline with a note;
/// pivots to the timeline of its account, session or address.
class EventDetailPane : public QWidget {
    Q_OBJECT
public:
    explicit EventDetailPane(QWidget *parent = nullptr);

    void showDetail(const core::EventDetail &detail);
    void clear();
    /// Whether pins can be written (a read-only case cannot).
    void setWritable(bool writable);
    std::int64_t eventId() const { return m_detail ? m_detail->row.id : 0; }

Q_SIGNALS:
    void pinRequested(std::int64_t eventId, const QString &note);
    void unpinRequested(std::int64_t eventId);
    /// Show the timeline of this entity only ("account", "session" or "ip").
    void pivot(const QString &kind, const QString &value);
    /// Drill down into this event's account on the Investigate page.
    void investigate(const QString &account);

private:
    void updateButtons();

    QLabel *m_title;
    QTextBrowser *m_text;
    QLineEdit *m_note;
    QPushButton *m_pin, *m_unpin;
    QToolButton *m_pivotAccount, *m_pivotSession, *m_pivotIp, *m_investigate;
    std::optional<core::EventDetail> m_detail;
    bool m_writable = false;
};

} // namespace cordon::ui
