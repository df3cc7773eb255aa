#pragma once

#include "core/query/investigation.h"

#include <QGraphicsView>

namespace cordon::ui {

/// A campaign drawn as a graph: member accounts on an inner ring, linked where forensics
/// scored them alike (temporal, overlap, infrastructure), and the source IPs and clusters
/// they share on an outer ring. Clicking an account asks for it (accountClicked).
class CampaignGraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit CampaignGraphView(QWidget *parent = nullptr);

    void setGraph(const core::investigation::CampaignGraph &graph);
    int nodeCount() const { return m_nodes; }

Q_SIGNALS:
    void accountClicked(const QString &account);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    int m_nodes = 0;
};

} // namespace cordon::ui
