#include "ui/case_header_widget.h"

#include "ui/time_text.h"
#include "ui/severity_palette.h"
#include "ui/triage/alert_text.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace cordon::ui {
namespace {

QLabel *badge(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setContentsMargins(8, 2, 8, 2);
    label->setAlignment(Qt::AlignCenter);
    return label;
}

void paintBadge(QLabel *label, const QColor &bg, const QColor &fg)
{
    label->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; border-radius: 4px; font-weight: 600; }")
                             .arg(bg.name(), fg.name()));
}

/// A counter: a big number over a small caption.
QLabel *counter(QGridLayout *grid, int column, const QString &caption, const QString &objectName)
{
    auto *value = new QLabel(QStringLiteral("—"));
    value->setMinimumWidth(value->fontMetrics().horizontalAdvance(QStringLiteral("0000")));
    value->setObjectName(objectName);
    QFont big = value->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    value->setFont(big);
    auto *label = new QLabel(caption);
    label->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(value, 0, column);
    grid->addWidget(label, 1, column);
    return value;
}

} // namespace

CaseHeaderWidget::CaseHeaderWidget(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("caseHeader"));
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("caseTitle"));
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_severity = badge(this, QStringLiteral("severityBadge"));
    m_phase = badge(this, QStringLiteral("phaseBadge"));
    m_exercise = badge(this, QStringLiteral("exerciseBadge"));
    m_exercise->setText(tr("EXERCISE"));
    paintBadge(m_exercise, QColor(0x6a, 0x1b, 0x9a), Qt::white);
    m_type = new QLabel(this);
    m_type->setObjectName(QStringLiteral("incidentType"));
    m_readOnly = new QLabel(this);
    m_readOnly->setObjectName(QStringLiteral("readOnlyNotice"));
    m_readOnly->setWordWrap(true);
    m_readOnly->setStyleSheet(QStringLiteral("QLabel { color: #b26a00; }"));

    auto *titleRow = new QHBoxLayout;
    titleRow->addWidget(m_title);
    titleRow->addSpacing(12);
    titleRow->addWidget(m_severity);
    titleRow->addWidget(m_phase);
    titleRow->addWidget(m_exercise);
    titleRow->addStretch();

    auto *grid = new QGridLayout;
    grid->setHorizontalSpacing(30);
    int column = 0;
    m_events = counter(grid, column++, tr("events"), QStringLiteral("eventCount"));
    for (core::Severity s : {core::Severity::Critical, core::Severity::High, core::Severity::Medium, core::Severity::Low}) {
        const QString name = QString::fromUtf8(core::toString(s).data());
        m_openAlerts[static_cast<std::size_t>(s)] =
            counter(grid, column++, tr("%1 open").arg(name), QStringLiteral("open%1Count").arg(name));
    }
    m_affected = counter(grid, column++, tr("affected accounts"), QStringLiteral("affectedAccountCount"));
    m_campaigns = counter(grid, column++, tr("active campaigns"), QStringLiteral("activeCampaignCount"));
    m_span = counter(grid, column++, tr("event time span"), QStringLiteral("eventSpan"));
    m_deadLetters = counter(grid, column++, tr("dead letters"), QStringLiteral("deadLetterCount"));
    m_audit = counter(grid, column++, tr("audit entries"), QStringLiteral("auditCount"));
    grid->setColumnStretch(column, 1);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(titleRow);
    layout->addWidget(m_type);
    layout->addWidget(m_readOnly);
    layout->addSpacing(6);
    layout->addLayout(grid);
}

void CaseHeaderWidget::setSnapshot(const CaseSnapshot &s)
{
    const QLocale locale;
    m_title->setText(QString::fromStdString(s.info.title));
    m_severity->setText(QString::fromUtf8(core::toString(s.info.severity).data()));
    const auto colors = severityColors(s.info.severity, palette());
    paintBadge(m_severity, colors.background, colors.foreground);
    m_phase->setText(tr("Phase: %1").arg(QString::fromUtf8(core::toString(s.info.phase).data())));
    paintBadge(m_phase, isDarkPalette(palette()) ? QColor(0x54, 0x6e, 0x7a) : QColor(0x45, 0x5a, 0x64), Qt::white);
    m_exercise->setVisible(s.info.exercise);
    m_type->setText(tr("Incident type: %1  ·  created %2  ·  %3")
                        .arg(QString::fromStdString(s.info.incidentType).replace(QLatin1Char('_'), QLatin1Char(' ')),
                             formatLocalTime(s.info.createdAt), s.path));
    m_readOnly->setVisible(!s.readOnlyReason.isEmpty());
    m_readOnly->setText(tr("Read-only: %1").arg(s.readOnlyReason));
    auto number = [&locale](std::int64_t n) { return locale.toString(static_cast<qlonglong>(n)); };
    m_events->setText(number(s.stats.events));
    const auto open = countBySeverity(s.alerts).open;
    for (std::size_t i = 0; i < open.size(); ++i) {
        QLabel *label = m_openAlerts[i];
        label->setText(number(open[i]));
        // A severity's count takes its colour only while something of it is open.
        const QColor colour = severityColors(static_cast<core::Severity>(i), palette()).background;
        label->setStyleSheet(open[i] ? QStringLiteral("QLabel { color: %1; }").arg(colour.name()) : QString());
    }
    m_affected->setText(s.affectedAccounts < 0 ? QStringLiteral("…") : number(s.affectedAccounts));
    m_affected->setToolTip(tr("Accounts cited by alerts not dismissed, of %1 accounts in the case").arg(number(s.accounts)));
    m_campaigns->setText(number(s.activeCampaigns));
    m_campaigns->setToolTip(tr("Campaigns with activity in the last 24 h of events, of %1 found").arg(number(s.campaigns)));
    m_deadLetters->setText(number(s.stats.deadLetters));
    if (s.stats.firstEventTime && s.stats.lastEventTime) {
        const double hours = static_cast<double>(*s.stats.lastEventTime - *s.stats.firstEventTime) / 3.6e9;
        m_span->setText(hours >= 48 ? tr("%1 days").arg(hours / 24, 0, 'f', 1) : tr("%1 h").arg(hours, 0, 'f', 1));
        m_span->setToolTip(tr("%1 to %2").arg(formatLocalTime(*s.stats.firstEventTime), formatLocalTime(*s.stats.lastEventTime)));
    } else {
        m_span->setText(QStringLiteral("—"));
    }
    m_audit->setText(number(s.auditEntries));
    m_audit->setToolTip(tr("Audit chain head: %1").arg(s.auditHead));
}

} // namespace cordon::ui
