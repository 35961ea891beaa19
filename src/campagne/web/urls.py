"""Les adresses de l'application."""

from django.contrib import admin
from django.contrib.auth.views import LogoutView
from django.urls import path

from campagne.web.api import api
from campagne.web.views import (
    audit,
    auth,
    budget,
    campaigns,
    cnr,
    decisions,
    esms,
    imports,
    notifications,
    params,
    scenarios,
)

urlpatterns = [
    path("", campaigns.home, name="accueil"),
    path("connexion/", auth.Login.as_view(), name="connexion"),
    path("deconnexion/", LogoutView.as_view(), name="deconnexion"),
    path("campagnes/", campaigns.campaigns, name="campagnes"),
    path("campagnes/<str:code>/", campaigns.dashboard, name="tableau_de_bord"),
    path("campagnes/<str:code>/calculer/", campaigns.launch, name="calculer"),
    path("campagnes/<str:code>/calculs/<int:pk>/", campaigns.run_page, name="calcul"),
    path("campagnes/<str:code>/calculs/<int:pk>/etat/", campaigns.run_status,
         name="calcul_etat"),
    path("campagnes/<str:code>/scenarios/", scenarios.scenario_list, name="scenarios"),
    path("campagnes/<str:code>/scenarios/nouveau/", scenarios.scenario_edit,
         name="scenario_nouveau"),
    path("campagnes/<str:code>/scenarios/<int:pk>/", scenarios.scenario_edit,
         name="scenario_modifier"),
    path("campagnes/<str:code>/comparer/", scenarios.compare, name="comparer"),
    path("campagnes/<str:code>/decisions/", decisions.decision_list, name="decisions"),
    path("campagnes/<str:code>/decisions/action/", decisions.decision_action,
         name="decisions_action"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision"),
    path("decisions/<int:pk>/arrete.pdf", decisions.decision_pdf, name="decision_pdf"),
    path("taches/<int:pk>/", decisions.task_page, name="tache"),
    path("cnr/", cnr.cnr_list, name="cnr"),
    path("cnr/nouvelle/", cnr.cnr_new, name="cnr_nouvelle"),
    path("cnr/<int:pk>/", cnr.cnr_detail, name="cnr_demande"),
    path("cnr/<int:pk>/pieces/<int:piece>/", cnr.cnr_attachment, name="cnr_piece"),
    path("documents/", budget.document_list, name="documents_budgetaires"),
    path("documents/deposer/", budget.document_new, name="deposer_document"),
    path("documents/<int:pk>/", budget.document_detail, name="document_budgetaire"),
    path("documents/<int:pk>/fichier/", budget.document_file, name="document_fichier"),
    path("documents/<int:pk>/pieces/<int:piece>/", budget.document_file,
         name="document_piece"),
    path("notifications/", notifications.notification_list, name="notifications"),
    path("esms/", esms.portfolio, name="portefeuille"),
    path("portefeuille/importer/", imports.import_page, name="importer"),
    path("esms/<str:finess>/", esms.detail, name="esms"),
    path("parametres/", params.parameter_list, name="parametres"),
    path("parametres/<str:name>/", params.parameter_detail, name="parametre"),
    path("journal/", audit.journal, name="journal"),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
