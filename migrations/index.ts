import { Initial1795824251858 } from './1795824251858-Initial';
import { SearchAndLeadIndexes1795824251859 } from './1795824251859-SearchAndLeadIndexes';
import { SyntheticFlags1795826794154 } from './1795826794154-SyntheticFlags';
import { NetworkIndexes1795826794155 } from './1795826794155-NetworkIndexes';
import { WritePath1795836437586 } from './1795836437586-WritePath';
import { ChangeOutbox1795839378455 } from './1795839378455-ChangeOutbox';
import { ProgrammeRoundsAndOutputs1796100000000 } from './1796100000000-ProgrammeRoundsAndOutputs';
import { AuditGlobalIds1796200000000 } from './1796200000000-AuditGlobalIds';
import { TopicSearch1796300000000 } from './1796300000000-TopicSearch';
import { GraphChangeFeed1796400000000 } from './1796400000000-GraphChangeFeed';
import { DashboardFigures1796500000000 } from './1796500000000-DashboardFigures';
import { DashboardPairsAndReuse1796560000000 } from './1796560000000-DashboardPairsAndReuse';

/** Every migration, oldest first. `npm run migration:generate` appends to this list. */
export const MIGRATIONS = [
  Initial1795824251858,
  SearchAndLeadIndexes1795824251859,
  SyntheticFlags1795826794154,
  NetworkIndexes1795826794155,
  WritePath1795836437586,
  ChangeOutbox1795839378455,
  ProgrammeRoundsAndOutputs1796100000000,
  AuditGlobalIds1796200000000,
  TopicSearch1796300000000,
  GraphChangeFeed1796400000000,
  DashboardFigures1796500000000,
  DashboardPairsAndReuse1796560000000,
];
