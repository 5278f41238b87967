import type { ProgrammeFields } from './model';

export interface AxisDefinition {
  key: string;
  label: { fr: string; en: string };
  /** Nine descriptions, index 0 = level 1 (may be empty strings until written). */
  levels: { fr: string; en: string }[];
}

type Pair = [fr: string, en: string];
const levels = (pairs: Pair[]): { fr: string; en: string }[] => pairs.map(([fr, en]) => ({ fr, en }));

/**
 * The six default axes, after the KTH Innovation Readiness Level. Technology uses the nine EU
 * technology readiness levels (Horizon 2020, General Annexes, part G) with their short definitions;
 * the other axes are written in the spirit of KTH's customer, business, IPR, team and funding levels,
 * adapted to health products (regulation, reimbursement).
 */
export const DEFAULT_AXES: AxisDefinition[] = [
  {
    key: 'customer',
    label: { fr: 'Client', en: 'Customer' },
    levels: levels([
      ['Hypothèse d’un besoin', 'Hypothesis of a need'],
      ['Besoin précis identifié (patients, soignants, payeurs)', 'Specific need identified (patients, carers, payers)'],
      ['Premiers retours d’utilisateurs potentiels', 'First feedback from potential users'],
      ['Besoin confirmé auprès de plusieurs clients', 'Need confirmed with several customers'],
      ['Intérêt établi pour le produit (lettres d’intention)', 'Established interest in the product (letters of intent)'],
      ['Bénéfices confirmés par des tests avec de premiers clients', 'Benefits confirmed by tests with first customers'],
      ['Clients en essai prolongé ou premières ventes tests', 'Customers in extended trials or first test sales'],
      ['Premières ventes', 'First sales'],
      ['Ventes récurrentes à grande échelle', 'Recurring sales at scale'],
    ]),
  },
  {
    key: 'technology',
    label: { fr: 'Technologie', en: 'Technology' },
    levels: levels([
      ['TRL 1 – principes de base observés', 'TRL 1 – basic principles observed'],
      ['TRL 2 – concept technologique formulé', 'TRL 2 – technology concept formulated'],
      ['TRL 3 – preuve de concept expérimentale', 'TRL 3 – experimental proof of concept'],
      ['TRL 4 – technologie validée en laboratoire', 'TRL 4 – technology validated in lab'],
      ['TRL 5 – technologie validée en environnement représentatif', 'TRL 5 – technology validated in relevant environment'],
      ['TRL 6 – technologie démontrée en environnement représentatif', 'TRL 6 – technology demonstrated in relevant environment'],
      ['TRL 7 – démonstration d’un prototype en environnement opérationnel', 'TRL 7 – system prototype demonstration in operational environment'],
      ['TRL 8 – système complet et qualifié', 'TRL 8 – system complete and qualified'],
      ['TRL 9 – système réel prouvé en environnement opérationnel', 'TRL 9 – actual system proven in operational environment'],
    ]),
  },
  {
    key: 'business_model',
    label: { fr: 'Modèle économique', en: 'Business model' },
    levels: levels([
      ['Hypothèse d’un modèle d’affaires', 'Hypothesis of a business concept'],
      ['Modèle d’affaires possible décrit', 'Possible business model described'],
      ['Marché, concurrence et parcours de remboursement évalués', 'Market, competition and reimbursement path assessed'],
      ['Modèle de revenus et hypothèses de rentabilité posés', 'Revenue model and profitability assumptions set'],
      ['Éléments clés du modèle testés auprès de clients et partenaires', 'Key elements tested with customers and partners'],
      ['Modèle validé par des accords avec des partenaires', 'Model validated through partner agreements'],
      ['Prix et canal de vente validés par les premières ventes', 'Pricing and sales channel validated by first sales'],
      ['Modèle durable démontré par des ventes répétées', 'Sustainable model shown by repeat sales'],
      ['Croissance rentable et reproductible', 'Profitable and repeatable growth'],
    ]),
  },
  {
    key: 'ipr',
    label: { fr: 'Propriété intellectuelle', en: 'Intellectual property' },
    levels: levels([
      ['Hypothèse d’une propriété intellectuelle possible', 'Hypothesis of possible intellectual property'],
      ['Résultats et inventions clés identifiés', 'Key results and inventions identified'],
      ['Protection possible décrite (brevet, logiciel, savoir-faire)', 'Possible protection described (patent, software, know-how)'],
      ['Nouveauté confirmée par une recherche d’antériorité', 'Novelty confirmed by a prior-art search'],
      ['Première demande de brevet déposée ou titre acquis', 'First patent application filed or rights secured'],
      ['Stratégie de PI et liberté d’exploitation analysées', 'IP strategy and freedom to operate analysed'],
      ['Extensions déposées dans les pays visés', 'Extensions filed in the target countries'],
      ['Stratégie de PI au service du modèle d’affaires', 'IP strategy supporting the business model'],
      ['Portefeuille solide, brevets délivrés sur les marchés clés', 'Strong portfolio, patents granted in key markets'],
    ]),
  },
  {
    key: 'team',
    label: { fr: 'Équipe', en: 'Team' },
    levels: levels([
      ['Porteur·se de projet seul·e, peu de compétences clés', 'Single project lead, few key skills'],
      ['Compétences manquantes identifiées', 'Missing skills identified'],
      ['Équipe fondatrice réunie autour du projet', 'Founding team gathered around the project'],
      ['Rôles répartis, engagement des fondateur·rices formalisé', 'Roles shared, founders’ commitment formalised'],
      ['Compétences clés couvertes (réglementaire, clinique, commerce)', 'Key skills covered (regulatory, clinical, sales)'],
      ['Premiers recrutements, conseil ou comité d’experts en place', 'First hires, board or expert committee in place'],
      ['Équipe de direction complète et organisée', 'Complete and organised management team'],
      ['Organisation prête à la croissance, recrutements planifiés', 'Organisation ready for growth, hiring planned'],
      ['Organisation performante, culture et gouvernance établies', 'High-performing organisation, culture and governance set'],
    ]),
  },
  {
    key: 'funding',
    label: { fr: 'Financement', en: 'Funding' },
    levels: levels([
      ['Aucune vision des besoins de financement', 'No view of funding needs'],
      ['Besoins de financement initiaux décrits', 'Initial funding needs described'],
      ['Plan de financement et premières sources identifiées', 'Funding plan and first sources identified'],
      ['Premiers financements non dilutifs obtenus (prêt d’honneur, subvention)', 'First non-dilutive funding obtained (honour loan, grant)'],
      ['Dossier investisseurs prêt, premiers contacts', 'Investor pitch ready, first contacts'],
      ['Discussions avancées avec des investisseurs', 'Advanced talks with investors'],
      ['Tour d’amorçage bouclé', 'Seed round closed'],
      ['Financement assuré jusqu’à la mise sur le marché', 'Funding secured up to market entry'],
      ['Levée de croissance ou autofinancement par les ventes', 'Growth round or self-funded by sales'],
    ]),
  },
];

/** The programme's axes, or the defaults when it has not customised them. */
export function axesOf(programme: Pick<ProgrammeFields, 'readinessAxes'> | null | undefined): AxisDefinition[] {
  const custom = programme?.readinessAxes ?? [];
  if (custom.length === 0) return DEFAULT_AXES;
  return custom.map((a) => ({
    key: a.key,
    label: { fr: a.label?.fr ?? a.key, en: a.label?.en ?? a.key },
    levels: Array.from({ length: 9 }, (_, i) => ({ fr: a.levels[i]?.fr ?? '', en: a.levels[i]?.en ?? '' })),
  }));
}

/** Label of an axis key for display; an axis no longer in the programme shows its key. */
export function labelOf(axes: AxisDefinition[], key: string): { fr: string; en: string } {
  return axes.find((a) => a.key === key)?.label ?? { fr: key, en: key };
}
