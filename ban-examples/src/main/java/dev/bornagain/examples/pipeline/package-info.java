/**
 * The paper's pipelines as code: {@link dev.bornagain.examples.pipeline.PipelineSettings} (model,
 * loss, generations, schedule, seeds, output), {@link dev.bornagain.examples.pipeline.PreparedData}
 * (the three splits of one dataset, from {@link dev.bornagain.examples.pipeline.PipelineData}) and
 * {@link dev.bornagain.examples.pipeline.BornAgainPipeline}, which trains one Born-Again run per
 * seed, scores every generation and ensemble on the test split, and writes the reports, whose notes
 * ({@link dev.bornagain.examples.pipeline.ReportNotes}) say whether the students and the ensembles
 * beat the teacher by more than the spread between seeds.
 */
package dev.bornagain.examples.pipeline;
