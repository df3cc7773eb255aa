#pragma once

#include "core/query/timeline_index.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;
class QToolButton;

namespace cordon::ui {

/// The timeline's conditions as a row of fields: search words, kind, account, session,
/// source IP, flags, alert evidence (one alert, or alerts of a severity) and a time range
/// (set from the rate chart). Typing settles for a
/// moment before the filter runs; choices run it at once.
class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget *parent = nullptr);

    core::TimelineFilter filter() const;
    /// Shows `filter` in the fields (a pivot from elsewhere) and runs it.
    void setFilter(const core::TimelineFilter &filter);
    void setKinds(const QStringList &kinds);
    void setTimeRange(std::optional<core::TimeUs> from, std::optional<core::TimeUs> to);
    void focusSearch();

Q_SIGNALS:
    void filterChanged(const cordon::core::TimelineFilter &filter);

private:
    void changed();
    void changedSoon();
    void updateFlagsButton();
    void updateTimeLabel();
    void updateAlertButton();

    QLineEdit *m_search, *m_account, *m_session, *m_sourceIp;
    QComboBox *m_kind, *m_severity;
    QToolButton *m_alert;   ///< "alert #N ✕" while the timeline shows one alert's evidence
    QToolButton *m_flags;
    QLabel *m_timeRange;
    QToolButton *m_clearTime;
    QTimer *m_settle;
    std::uint32_t m_flagMask = 0;
    std::optional<core::TimeUs> m_from, m_to;
    std::optional<std::int64_t> m_alertId;
    bool m_quiet = false;   ///< filling the fields in code: one filterChanged at the end
};

} // namespace cordon::ui
