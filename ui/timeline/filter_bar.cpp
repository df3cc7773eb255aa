#include "ui/timeline/filter_bar.h"

#include "core/domain/event_flags.h"
#include "ui/qt_text.h"
#include "ui/time_text.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QTimer>
#include <QToolButton>

namespace cordon::ui {
namespace {

QLineEdit *field(const QString &name, const QString &placeholder, int width)
{
    auto *edit = new QLineEdit;
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    edit->setMaximumWidth(width);
    return edit;
}

std::optional<std::string> value(const QLineEdit *edit)
{
    const QString t = edit->text().trimmed();
    return t.isEmpty() ? std::nullopt : std::optional(t.toStdString());
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent),
      m_search(field(QStringLiteral("timelineSearch"), tr("Search prompts and outputs (Ctrl+F)"), 16777215)),
      m_account(field(QStringLiteral("filterAccount"), tr("Account"), 170)),
      m_session(field(QStringLiteral("filterSession"), tr("Session"), 170)),
      m_sourceIp(field(QStringLiteral("filterSourceIp"), tr("Source IP"), 140)), m_kind(new QComboBox),
      m_severity(new QComboBox), m_alert(new QToolButton), m_flags(new QToolButton), m_timeRange(new QLabel), m_clearTime(new QToolButton), m_settle(new QTimer(this))
{
    m_kind->setObjectName(QStringLiteral("filterKind"));
    m_kind->addItem(tr("All kinds"));
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    // Events cited by alerts at least this severe: what the alerts rest on.
    m_severity->setObjectName(QStringLiteral("filterSeverity"));
    m_severity->addItem(tr("All events"));
    for (core::Severity s : {core::Severity::Critical, core::Severity::High, core::Severity::Medium, core::Severity::Low})
        m_severity->addItem(s == core::Severity::Critical ? tr("Critical alert evidence")
                            : s == core::Severity::Low    ? tr("Any alert's evidence")
                                                          : tr("%1+ alert evidence").arg(qstr(core::toString(s))));
    m_severity->setToolTip(tr("Only events that alerts of this severity or worse cite"));
    m_severity->setSizeAdjustPolicy(QComboBox::AdjustToContents);

    m_alert->setObjectName(QStringLiteral("filterAlert"));
    m_alert->setToolTip(tr("Showing one alert's evidence; click to show every event again"));
    connect(m_alert, &QToolButton::clicked, this, [this] {
        m_alertId.reset();
        updateAlertButton();
        changed();
    });
    updateAlertButton();

    m_flags->setObjectName(QStringLiteral("filterFlags"));
    m_flags->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_flags);
    for (core::EventFlag f : core::allFlags()) {
        QAction *a = menu->addAction(qstr(core::flagName(f)));
        a->setCheckable(true);
        a->setObjectName(QStringLiteral("flag_") + qstr(core::flagName(f)));
        connect(a, &QAction::toggled, this, [this, f](bool on) {
            m_flagMask = on ? (m_flagMask | f) : (m_flagMask & ~static_cast<std::uint32_t>(f));
            updateFlagsButton();
            changed();
        });
    }
    m_flags->setMenu(menu);
    updateFlagsButton();

    m_timeRange->setObjectName(QStringLiteral("filterTimeRange"));
    m_clearTime->setObjectName(QStringLiteral("clearTimeRange"));
    m_clearTime->setText(tr("All time"));
    m_clearTime->setToolTip(tr("Show every event time again"));
    connect(m_clearTime, &QToolButton::clicked, this, [this] { setTimeRange(std::nullopt, std::nullopt); });
    updateTimeLabel();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search, 3);
    layout->addWidget(m_kind);
    layout->addWidget(m_account, 1);
    layout->addWidget(m_session, 1);
    layout->addWidget(m_sourceIp, 1);
    layout->addWidget(m_flags);
    layout->addWidget(m_severity);
    layout->addWidget(m_alert);
    layout->addWidget(m_timeRange);
    layout->addWidget(m_clearTime);

    m_settle->setSingleShot(true);
    m_settle->setInterval(250);
    connect(m_settle, &QTimer::timeout, this, &FilterBar::changed);
    for (QLineEdit *e : {m_search, m_account, m_session, m_sourceIp}) {
        connect(e, &QLineEdit::textChanged, this, &FilterBar::changedSoon);
        connect(e, &QLineEdit::returnPressed, this, &FilterBar::changed);   // no need to wait
    }
    connect(m_kind, &QComboBox::currentIndexChanged, this, &FilterBar::changed);
    connect(m_severity, &QComboBox::currentIndexChanged, this, &FilterBar::changed);
}

core::TimelineFilter FilterBar::filter() const
{
    core::TimelineFilter f;
    f.text = m_search->text().trimmed().toStdString();
    if (m_kind->currentIndex() > 0)
        f.kinds = {m_kind->currentText().toStdString()};
    f.account = value(m_account);
    f.session = value(m_session);
    f.sourceIp = value(m_sourceIp);
    f.flags = m_flagMask;
    f.from = m_from;
    f.to = m_to;
    f.alertId = m_alertId;
    if (m_severity->currentIndex() > 0)
        f.minSeverity = static_cast<core::Severity>(m_severity->currentIndex() - 1);
    return f;
}

void FilterBar::setFilter(const core::TimelineFilter &f)
{
    m_quiet = true;
    m_search->setText(QString::fromStdString(f.text));
    m_account->setText(QString::fromStdString(f.account.value_or("")));
    m_session->setText(QString::fromStdString(f.session.value_or("")));
    m_sourceIp->setText(QString::fromStdString(f.sourceIp.value_or("")));
    const int kind = f.kinds.empty() ? 0 : m_kind->findText(QString::fromStdString(f.kinds.front()));
    m_kind->setCurrentIndex(std::max(kind, 0));
    for (QAction *a : m_flags->menu()->actions()) {
        const auto flag = core::flagFromName(a->text().toStdString());
        a->setChecked(flag && (f.flags & *flag));
    }
    m_flagMask = f.flags;
    m_from = f.from;
    m_to = f.to;
    m_alertId = f.alertId;
    m_severity->setCurrentIndex(f.minSeverity ? static_cast<int>(*f.minSeverity) + 1 : 0);
    updateFlagsButton();
    updateTimeLabel();
    updateAlertButton();
    m_quiet = false;
    m_settle->stop();
    changed();
}

void FilterBar::setKinds(const QStringList &kinds)
{
    const QString current = m_kind->currentIndex() > 0 ? m_kind->currentText() : QString();
    m_quiet = true;
    while (m_kind->count() > 1)
        m_kind->removeItem(1);
    m_kind->addItems(kinds);
    if (!current.isEmpty())
        m_kind->setCurrentIndex(std::max(m_kind->findText(current), 0));
    m_quiet = false;
}

void FilterBar::setTimeRange(std::optional<core::TimeUs> from, std::optional<core::TimeUs> to)
{
    m_from = from;
    m_to = to;
    updateTimeLabel();
    changed();
}

void FilterBar::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

void FilterBar::changedSoon()
{
    if (!m_quiet)
        m_settle->start();
}

void FilterBar::changed()
{
    if (m_quiet)
        return;
    m_settle->stop();
    Q_EMIT filterChanged(filter());
}

void FilterBar::updateFlagsButton()
{
    const int n = std::popcount(m_flagMask);
    m_flags->setText(n == 0 ? tr("Any flags") : tr("%n flag(s)", nullptr, n));
}

void FilterBar::updateTimeLabel()
{
    const bool any = m_from || m_to;
    m_clearTime->setVisible(any);
    m_timeRange->setText(any ? tr("%1 → %2").arg(m_from ? formatLocalTime(*m_from).left(19) : tr("start"),
                                                  m_to ? formatLocalTime(*m_to).left(19) : tr("end"))
                             : tr("All time — drag on the chart to narrow"));
}

void FilterBar::updateAlertButton()
{
    m_alert->setVisible(m_alertId.has_value());
    if (m_alertId)
        m_alert->setText(tr("Alert #%1 ✕").arg(*m_alertId));
}

} // namespace cordon::ui
