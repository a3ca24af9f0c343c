import { graphql } from './gql';

/** The names of the enum values the page shows, in one language. */
export const LabelsQuery = graphql(`
  query DashboardLabels($lang: Language!) {
    labels(lang: $lang) {
      actionKind {
        value
        label
      }
      actionStatus {
        value
        label
      }
      culturalDomain {
        value
        label
      }
      figureQualifier {
        value
        label
      }
      territoryLevel {
        value
        label
      }
      planStage {
        value
        label
      }
      sessionModality {
        value
        label
      }
      advisoryArea {
        value
        label
      }
    }
  }
`);

/** The territory picker: territories whose name contains the text, with their parent. */
export const TerritorySearchQuery = graphql(`
  query DashboardTerritorySearch($search: String!) {
    territories(search: $search, first: 12) {
      nodes {
        id
        name
        level
        localKind
        parent {
          name
        }
      }
    }
  }
`);

/** The territory shown: where it is, its box and its outline. */
export const PlaceQuery = graphql(`
  query DashboardPlace($id: ID!) {
    territory(id: $id) {
      id
      name
      level
      localKind
      bbox
      point {
        lat
        lon
      }
      ancestors {
        id
        name
      }
    }
  }
`);

/** One page of the units drawn on the map (e.g. a región's comunas), with their simplified boundaries. */
export const AreasQuery = graphql(`
  query DashboardAreas($within: ID!, $level: TerritoryLevel!, $after: String) {
    territories(within: $within, level: $level, first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        officialCode
        geometry(simplified: true)
      }
    }
  }
`);

/** Actions of every program in the territory, counted by territory (the map) and by program, kind, domain and year (the charts). */
export const ReportQuery = graphql(`
  query DashboardReport($filter: CrossProgramActionFilter) {
    byTerritory: report(groupBy: [TERRITORY], filter: $filter) {
      rows {
        territory {
          id
          name
        }
        actions
        participants {
          value
          qualifier
          unit
        }
        spans {
          dimension
          values
        }
      }
      total {
        actions
      }
    }
    byProgram: report(groupBy: [PROGRAM], filter: $filter) {
      rows {
        program
        programName
        actions
        spans {
          values
        }
        unknown
      }
    }
    byKind: report(groupBy: [KIND], filter: $filter) {
      rows {
        kind
        actions
        spans {
          values
        }
        unknown
      }
    }
    byDomain: report(groupBy: [DOMAIN], filter: $filter) {
      rows {
        domain
        actions
        spans {
          values
        }
        unknown
      }
    }
    byYear: report(groupBy: [YEAR], filter: $filter) {
      rows {
        year
        actions
        spans {
          values
        }
        unknown
      }
    }
  }
`);

/** A page of the actions themselves, each with the fields of its own program. */
export const ActionListQuery = graphql(`
  query DashboardActionList($filter: CrossProgramActionFilter, $after: String) {
    actions(filter: $filter, first: 10, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        __typename
        id
        title
        kind
        status
        program {
          id
          name
        }
        period {
          text
          year
          precision
        }
        territories {
          id
          name
        }
        ... on MunicipalCulturePlan {
          stage
        }
        ... on AdvisorySession {
          areas
        }
        ... on Workshop {
          topic
          modality
        }
        ... on TechnicalAssistance {
          topic
          modality
        }
        ... on Recognition {
          resolutionNumber
          culturePoint {
            name
          }
        }
        ... on FundingAward {
          amount
          currency
          culturePoint {
            name
          }
        }
        ... on CultureNetworkMeeting {
          scope
        }
      }
    }
  }
`);
